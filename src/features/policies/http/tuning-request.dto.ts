import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { POLICY_ID_MAX_LENGTH, POLICY_ID_PATTERN } from '../../../engine/policy/policy-defaults';
import { CANDIDATE_POLICY_ONE_OF, IsCandidatePolicy } from './is-candidate-policy';
import { MAX_VERSION_LENGTH } from './policy-version-request.dto';
import { CandidatePolicyInput } from '../versions/parse-candidate-policy';
import { TARGET_METRICS, THRESHOLD_LEVELS, TargetMetric, ThresholdLevel } from '../../../tuning/suggest/threshold-target';
import { DEFAULT_SUGGESTION_MINIMUMS } from '../../../tuning/suggest/suggestion-minimums';

/** Highest minimum count accepted (a million labels or decisions). */
const MAX_MINIMUM_COUNT = 1_000_000;
/** Longest minimum window accepted: a year. */
const MAX_MINIMUM_WINDOW_HOURS = 8760;

/** Which decisions: decided in a time range. */
export class TimeWindowBody {
  @ApiPropertyOptional({ example: '30d', description: 'Decisions from this time: ISO-8601, or a duration ago (30m, 12h, 7d, 2w). Default: from the start.' })
  @IsOptional() @IsString() @MaxLength(64)
  since?: string;

  @ApiPropertyOptional({ description: 'Decisions before this time: ISO-8601 or a duration ago. Default: now.' })
  @IsOptional() @IsString() @MaxLength(64)
  until?: string;
}

/** A policy id, and optionally one of its stored versions. */
export class PolicyVersionBody extends TimeWindowBody {
  @ApiProperty({ example: 'default', description: 'A loaded policy.', minLength: 1, maxLength: POLICY_ID_MAX_LENGTH, pattern: POLICY_ID_PATTERN.source })
  @IsString() @MaxLength(POLICY_ID_MAX_LENGTH) @Matches(POLICY_ID_PATTERN, { message: 'policy must be a policy id' })
  policy!: string;

  @ApiPropertyOptional({ maxLength: MAX_VERSION_LENGTH, description: 'A stored version of the policy (a candidate, an old one); default the active version.' })
  @IsOptional() @IsString() @MaxLength(MAX_VERSION_LENGTH)
  version?: string;
}

/** Body of POST /v1/tuning/evaluations. */
export class CreateEvaluationBody extends PolicyVersionBody {}

/** A goal for one threshold. */
export class ThresholdTargetBody {
  @ApiPropertyOptional({ enum: THRESHOLD_LEVELS, enumName: 'ThresholdLevel', default: 'review' })
  @IsOptional() @IsIn(THRESHOLD_LEVELS)
  level?: ThresholdLevel;

  @ApiProperty({ enum: TARGET_METRICS, enumName: 'TargetMetric', description: '`precision`, `recall` (at least) or `fpr` (at most) on reviewer-labelled decisions; `volume`: at most this many decisions per day.' })
  @IsIn(TARGET_METRICS)
  metric!: TargetMetric;

  @ApiProperty({ example: 0.95, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  value!: number;
}

/** How much data a suggestion needs before it is offered without a warning. */
export class SuggestionMinimumsBody {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MINIMUM_COUNT, default: DEFAULT_SUGGESTION_MINIMUMS.positives, description: 'Labelled positives a precision or recall target needs (else TOO_FEW_POSITIVES).' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_MINIMUM_COUNT)
  positives?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MINIMUM_COUNT, default: DEFAULT_SUGGESTION_MINIMUMS.negatives, description: 'Labelled negatives a precision or FPR target needs (else TOO_FEW_NEGATIVES).' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_MINIMUM_COUNT)
  negatives?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MINIMUM_COUNT, default: DEFAULT_SUGGESTION_MINIMUMS.decisions, description: 'Stored decisions a volume target needs (else TOO_FEW_DECISIONS).' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_MINIMUM_COUNT)
  decisions?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MINIMUM_WINDOW_HOURS, default: DEFAULT_SUGGESTION_MINIMUMS.windowHours, description: 'Shortest window, in hours, a rate per day is counted over; a shorter one gives no rate (WINDOW_TOO_SHORT).' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_MINIMUM_WINDOW_HOURS)
  windowHours?: number;
}

/** Body of POST /v1/tuning/threshold-suggestions. */
export class SuggestThresholdsBody extends PolicyVersionBody {
  @ApiProperty({ type: [ThresholdTargetBody] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ThresholdTargetBody)
  targets!: ThresholdTargetBody[];

  @ApiPropertyOptional({ type: [String], description: 'Only these categories; default every category.' })
  @IsOptional() @IsArray() @ArrayMaxSize(64) @IsString({ each: true }) @MaxLength(POLICY_ID_MAX_LENGTH, { each: true })
  categories?: string[];

  @ApiPropertyOptional({ description: 'Also count shadow-mode decisions in the volume (normally only enforced ones).' })
  @IsOptional() @IsBoolean()
  includeShadowMode?: boolean;

  @ApiPropertyOptional({ type: SuggestionMinimumsBody, description: 'How much data a suggestion needs; each field defaults as shown.' })
  @IsOptional() @ValidateNested() @Type(() => SuggestionMinimumsBody)
  minimums?: SuggestionMinimumsBody;
}

/** Body of POST /v1/tuning/replays. */
export class CreateReplayBody extends TimeWindowBody {
  @ApiProperty({ oneOf: CANDIDATE_POLICY_ONE_OF, description: 'The candidate policy: YAML or JSON text, or the document as an object. Its `id` picks the decisions replayed.' })
  @IsCandidatePolicy()
  candidate!: CandidatePolicyInput;

  @ApiPropertyOptional({ enum: ['stored', 'active'], default: 'stored', description: '`stored`: compare with the actions recorded at the time; `active`: with the active version re-scored.' })
  @IsOptional() @IsIn(['stored', 'active'])
  baseline?: 'stored' | 'active';

  @ApiPropertyOptional({ description: 'Also replay shadow-mode decisions.' })
  @IsOptional() @IsBoolean()
  includeShadowMode?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 5, description: 'Decision ids listed per kind of change.' })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  examples?: number;
}

/** Query of GET /v1/tuning/evaluations. */
export class ListEvaluationsQuery {
  @ApiPropertyOptional({ description: 'Only evaluations of this policy.' })
  @IsOptional() @IsString() @MaxLength(POLICY_ID_MAX_LENGTH)
  policy?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

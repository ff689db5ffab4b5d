import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { CandidatePolicyInput } from '../versions/parse-candidate-policy';
import { CANDIDATE_POLICY_ONE_OF, IsCandidatePolicy } from './is-candidate-policy';

/** Longest reason an admin may give for a change. */
export const MAX_REASON_LENGTH = 1000;

/** Longest version string (the column's width); real ones are `sha256:` and 16 hex digits. */
export const MAX_VERSION_LENGTH = 64;

/** Body of POST /v1/policies/:id/versions. */
export class SubmitVersionBody {
  @ApiProperty({ oneOf: CANDIDATE_POLICY_ONE_OF, description: 'The candidate: a complete policy whose `id` is the policy in the path.' })
  @IsCandidatePolicy()
  candidate!: CandidatePolicyInput;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'Why, for the audit trail.' })
  @IsOptional() @IsString() @MaxLength(MAX_REASON_LENGTH)
  reason?: string;

  @ApiPropertyOptional({ description: 'Also run it in shadow beside the active version at once.' })
  @IsOptional() @IsBoolean()
  shadow?: boolean;
}

/** Body of PUT /v1/policies/:id/shadow. */
export class ShadowBody {
  @ApiProperty({ type: String, nullable: true, maxLength: MAX_VERSION_LENGTH, description: 'A stored version of the policy; null stops the shadow.' })
  @ValidateIf((body: ShadowBody) => body.version !== null) @IsString() @MinLength(1) @MaxLength(MAX_VERSION_LENGTH)
  version!: string | null;

  @ApiProperty({ minLength: 1, maxLength: MAX_REASON_LENGTH, description: 'Why, for the audit trail.' })
  @IsString() @MinLength(1) @MaxLength(MAX_REASON_LENGTH)
  reason!: string;
}

/** Body of POST /v1/policies/:id/promote. */
export class PromoteBody {
  @ApiProperty({ minLength: 1, maxLength: MAX_VERSION_LENGTH, example: 'sha256:3887b18685c3dd04', description: 'A stored version of the policy.' })
  @IsString() @MinLength(1) @MaxLength(MAX_VERSION_LENGTH)
  version!: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_REASON_LENGTH, description: 'Why, for the audit trail.' })
  @IsString() @MinLength(1) @MaxLength(MAX_REASON_LENGTH)
  reason!: string;
}

/** Query of GET /v1/policies/:id/versions/diff. */
export class DiffQuery {
  @ApiPropertyOptional({ maxLength: MAX_VERSION_LENGTH, description: 'Default: the active version.' })
  @IsOptional() @IsString() @MaxLength(MAX_VERSION_LENGTH)
  from?: string;

  @ApiPropertyOptional({ maxLength: MAX_VERSION_LENGTH, description: 'Default: the version in shadow.' })
  @IsOptional() @IsString() @MaxLength(MAX_VERSION_LENGTH)
  to?: string;
}

/** Query of GET /v1/policies/:id/shadow-report. */
export class ShadowReportQuery {
  @ApiPropertyOptional({ maxLength: MAX_VERSION_LENGTH, description: 'The version that ran in shadow; default the one in shadow now.' })
  @IsOptional() @IsString() @MaxLength(MAX_VERSION_LENGTH)
  version?: string;

  @ApiPropertyOptional({ example: '7d', description: 'Shadow decisions from this time: ISO-8601, or a duration ago (30m, 12h, 7d, 2w).' })
  @IsOptional() @IsString() @MaxLength(64)
  since?: string;

  @ApiPropertyOptional({ description: 'Shadow decisions before this time: ISO-8601 or a duration ago.' })
  @IsOptional() @IsString() @MaxLength(64)
  until?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 5, description: 'Decision ids listed per kind of change.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100)
  examples?: number;
}

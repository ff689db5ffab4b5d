import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { POLICY_ID_MAX_LENGTH, POLICY_ID_PATTERN } from '../../../engine/policy/policy-defaults';
import { PolicyRefResponse } from '../../../core/http/decision.dto';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../decision-search.service';

/** Longest query text: CLIP reads 77 tokens, so more would only be cut off. */
export const MAX_SEARCH_TEXT_LENGTH = 300;

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters and paging shared by both search routes (in the JSON body, or the query string of by-image). */
export class SearchFiltersBody {
  @ApiPropertyOptional({ description: 'Only decisions made under this policy id.', maxLength: POLICY_ID_MAX_LENGTH, pattern: POLICY_ID_PATTERN.source })
  @IsOptional() @IsString() @MaxLength(POLICY_ID_MAX_LENGTH) @Matches(POLICY_ID_PATTERN, { message: 'must be a policy id' })
  policy?: string;

  @ApiPropertyOptional({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction', description: 'Only decisions that enforced this action.' })
  @IsOptional() @IsIn(MODERATION_ACTIONS)
  action?: ModerationAction;

  @ApiPropertyOptional({ example: '7d', maxLength: 64, description: 'Decided at or after: ISO-8601, or a duration ago (30m, 12h, 7d, 2w), as the decision list reads it.' })
  @IsOptional() @IsString() @MaxLength(64)
  from?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'Decided before: ISO-8601 or a duration ago.' })
  @IsOptional() @IsString() @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ description: '`true`: only decisions whose review a person closed with approve or remove; `false`: only the others.' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  reviewed?: boolean;

  @ApiPropertyOptional({ minimum: -1, maximum: 1, example: 0.25, description: 'Leave out hits whose similarity to the query is lower.' })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-1) @Max(1)
  minSimilarity?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SEARCH_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 200, description: 'The `nextCursor` of the previous page, sent with the same query and filters.' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

/** Body of POST /v1/search: exactly one of `text` and `decisionId`, and the filters. */
export class SearchBody extends SearchFiltersBody {
  @ApiPropertyOptional({ example: 'a photo of a handgun', minLength: 1, maxLength: MAX_SEARCH_TEXT_LENGTH, description: 'Find decisions whose image matches this text (encoded by the model\'s text encoder, as policy prompts are).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_SEARCH_TEXT_LENGTH)
  text?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Find decisions whose image looks like this decision\'s (its own ranks first).' })
  @IsOptional() @IsUUID()
  decisionId?: string;
}

/** A review's outcome as a hit shows it. */
export class SearchHitReviewResponse {
  @ApiProperty({ enum: ['approve', 'remove'] }) verdict!: 'approve' | 'remove';
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt!: string | null;
}

/** One decision a search found. */
export class SearchHitResponse {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ minimum: -1, maximum: 1, example: 0.31, description: 'Cosine similarity of the decision\'s image embedding to the query (int8 vectors: within about 0.001 of the float value).' })
  similarity!: number;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ type: PolicyRefResponse }) policy!: PolicyRefResponse;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction', description: 'The action the decision enforced.' }) action!: ModerationAction;
  @ApiProperty({ type: [String], description: 'Categories whose action was review or block.' }) triggered!: string[];
  @ApiProperty({ description: 'The upload was held for review.' }) held!: boolean;
  @ApiProperty({ type: SearchHitReviewResponse, nullable: true, description: 'The latest closed review; null when none closed.' }) review!: SearchHitReviewResponse | null;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ description: 'The image store still holds the picture (kept for a review and not yet purged by retention).' }) imageRetained!: boolean;
}

/** A page of hits, most similar first. */
export class SearchPageResponse {
  @ApiProperty({ type: [SearchHitResponse] }) items!: SearchHitResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as `cursor`, with the same query and filters, for the next page; null on the last (paging stops after 1000 hits).' })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Decisions the search index holds: enforce-mode decisions made with the loaded model.' }) indexedDecisions!: number;
}

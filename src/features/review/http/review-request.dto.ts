import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { POLICY_ID_MAX_LENGTH, POLICY_ID_PATTERN } from '../../../engine/policy/policy-defaults';
import { LEASE_BOUNDS } from '../review-options';
import { MAX_APPEAL_REASON_LENGTH } from '../appeals.service';
import { QUEUE_ORDERS, QueueOrder, REVIEW_LABEL_VALUES, REVIEW_VERDICTS, ReviewLabelValue, ReviewVerdict } from '../review-types';
import { MAX_NOTE_LENGTH } from '../review-verdict-rules';

/** A bank's name or id, as paths take it. */
const BANK_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Body of a claim or lease renewal. */
export class LeaseBody {
  @ApiPropertyOptional({ minimum: LEASE_BOUNDS.min, maximum: LEASE_BOUNDS.max, description: 'Lease length; the server default (MODERATION_REVIEW_LEASE_SECONDS) when omitted.' })
  @IsOptional() @IsInt() @Min(LEASE_BOUNDS.min) @Max(LEASE_BOUNDS.max)
  leaseSeconds?: number;
}

/** Most item ids a claim may pass over (a console's skips in one session). */
export const MAX_CLAIM_EXCLUSIONS = 200;

/** Body of a claim. */
export class ClaimBody extends LeaseBody {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    maxItems: MAX_CLAIM_EXCLUSIONS,
    description: 'Items not to hand back: ones the caller just skipped or released, or still holds while a verdict waits in an undo window.',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CLAIM_EXCLUSIONS) @IsUUID('all', { each: true })
  exclude?: string[];
}

/** One category's label in a verdict. */
export class CategoryLabelBody {
  @ApiProperty({ example: 'weapons', minLength: 1, maxLength: POLICY_ID_MAX_LENGTH, pattern: POLICY_ID_PATTERN.source }) @IsString() @MaxLength(POLICY_ID_MAX_LENGTH) @Matches(POLICY_ID_PATTERN, { message: 'categoryId must be a category id' })
  categoryId!: string;

  @ApiProperty({ enum: REVIEW_LABEL_VALUES, enumName: 'ReviewLabel' }) @IsIn(REVIEW_LABEL_VALUES)
  label!: ReviewLabelValue;
}

/** Body of a verdict. */
export class VerdictBody {
  @ApiProperty({ enum: REVIEW_VERDICTS, enumName: 'ReviewVerdict', description: '`approve` (content stays), `remove`, or `escalate` to the senior queue.' })
  @IsIn(REVIEW_VERDICTS)
  verdict!: ReviewVerdict;

  @ApiPropertyOptional({ type: [CategoryLabelBody], description: 'At most one label per category of the decision.' })
  @IsOptional() @IsArray() @ArrayMaxSize(64) @ValidateNested({ each: true }) @Type(() => CategoryLabelBody)
  labels?: CategoryLabelBody[];

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH }) @IsOptional() @IsString() @MaxLength(MAX_NOTE_LENGTH)
  note?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    pattern: BANK_REF_PATTERN.source,
    example: 'removed-by-review',
    description:
      "`remove` only: add the decision's picture (its stored CLIP embedding) to this embedding bank, by name or id, in the verdict's transaction. Audited as `bank.entry.add`; new uploads at least the bank's threshold similar get its action. A decision the bank holds already is not added twice.",
  })
  @IsOptional() @IsString() @Matches(BANK_REF_PATTERN, { message: 'addToBank must be a bank name or id' })
  addToBank?: string;

  @ApiPropertyOptional({ maxLength: 255, example: 'case 4711', description: 'The label of the bank entry (with addToBank); one line.' })
  @IsOptional() @IsString() @MaxLength(255) @Matches(/^[^\r\n]*$/, { message: 'bankLabel must be one line' })
  bankLabel?: string;
}

/** Body of an appeal. */
export class AppealBody {
  @ApiPropertyOptional({ maxLength: MAX_APPEAL_REASON_LENGTH, description: "The user's reason, for the reviewer." })
  @IsOptional() @IsString() @MaxLength(MAX_APPEAL_REASON_LENGTH)
  reason?: string;
}

/** Body of a queue's settings. */
export class QueueSettingsBody {
  @ApiProperty({ enum: QUEUE_ORDERS, enumName: 'QueueOrder', description: '`priority` (highest first, one point per hour waited) or `oldest` (first in, first out).' })
  @IsIn(QUEUE_ORDERS)
  order!: QueueOrder;
}

/** Filters and paging of GET /v1/review/labels. */
export class ListLabelsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  decisionId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(POLICY_ID_MAX_LENGTH)
  categoryId?: string;

  @ApiPropertyOptional({ enum: REVIEW_LABEL_VALUES, enumName: 'ReviewLabel' }) @IsOptional() @IsIn(REVIEW_LABEL_VALUES)
  label?: ReviewLabelValue;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  reviewerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' }) @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

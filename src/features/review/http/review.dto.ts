import { ApiProperty } from '@nestjs/swagger';
import { CATEGORY_SEVERITIES, CategorySeverity, SCORING_METHODS, ScoringMethod } from '../../../engine/policy/policy.types';
import { DecisionResponse } from '../../../core/http/decision.dto';
import { QUEUE_ORDERS, QueueOrder, REVIEW_LABEL_VALUES, REVIEW_VERDICTS, ReviewLabelValue, ReviewVerdict } from '../review-types';

/** Who holds an item, until when. */
export class ReviewClaimResponse {
  @ApiProperty({ format: 'uuid', description: "The reviewer's API key id." }) reviewerId!: string;
  @ApiProperty({ format: 'date-time' }) claimedAt!: string;
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt!: string;
  @ApiProperty({ description: 'False once the lease has run out (the item is back in its queue).' }) live!: boolean;
}

/** How an item was decided. */
export class ReviewVerdictResponse {
  @ApiProperty({ enum: REVIEW_VERDICTS, enumName: 'ReviewVerdict' }) verdict!: ReviewVerdict;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

/** A reviewer's label for one category. */
export class ReviewLabelResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) reviewItemId!: string;
  @ApiProperty() categoryId!: string;
  @ApiProperty({ enum: REVIEW_LABEL_VALUES, enumName: 'ReviewLabel' }) label!: ReviewLabelValue;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Whether the image can be shown. */
export class ReviewImageResponse {
  @ApiProperty({ enum: ['available', 'purged', 'not_stored'] }) status!: 'available' | 'purged' | 'not_stored';
  @ApiProperty({ type: String, nullable: true, description: 'Where the holder of the lease fetches the bytes.' }) url!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) purgedAt!: string | null;
}

/** A category as the policy version in force defined it. */
export class ReviewPolicyCategoryResponse {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) prompts!: string[];
  @ApiProperty({ type: [String] }) contrastPrompts!: string[];
  @ApiProperty({ enum: SCORING_METHODS, enumName: 'ScoringMethod' }) scoring!: ScoringMethod;
  @ApiProperty({ enum: CATEGORY_SEVERITIES, enumName: 'CategorySeverity' }) severity!: CategorySeverity;
  @ApiProperty() shadow!: boolean;
}

/** The policy version a decision was made under (from its stored snapshot). */
export class ReviewPolicyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [ReviewPolicyCategoryResponse] }) categories!: ReviewPolicyCategoryResponse[];
}

/** How an earlier reviewer decided the item that this one follows. */
export class PreviousReviewResponse {
  @ApiProperty({ format: 'uuid', description: 'The earlier, decided review item (`parentItemId`).' }) itemId!: string;
  @ApiProperty({ enum: ['review', 'sample', 'escalation', 'appeal'] }) kind!: 'review' | 'sample' | 'escalation' | 'appeal';
  @ApiProperty({ enum: REVIEW_VERDICTS, enumName: 'ReviewVerdict' }) verdict!: ReviewVerdict;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: [ReviewLabelResponse], description: 'The labels that reviewer left, one per category.' }) labels!: ReviewLabelResponse[];
}

/** A review item with everything a reviewer needs to decide it. */
export class ReviewItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'review' }) queue!: string;
  @ApiProperty({ enum: ['review', 'sample', 'escalation', 'appeal'], description: '`sample` marks a quality sample of an allow or block decision.' })
  kind!: 'review' | 'sample' | 'escalation' | 'appeal';
  @ApiProperty({ enum: ['pending', 'claimed', 'decided'] }) status!: 'pending' | 'claimed' | 'decided';
  @ApiProperty({ description: 'Severity and score margin when opened.' }) priority!: number;
  @ApiProperty({ description: 'Priority plus one point per hour waited, as of this response.' }) effectivePriority!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: "An appeal's reason or an escalation's note." }) reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentItemId!: string | null;
  @ApiProperty({ type: ReviewClaimResponse, nullable: true }) claim!: ReviewClaimResponse | null;
  @ApiProperty({ type: ReviewVerdictResponse, nullable: true }) verdict!: ReviewVerdictResponse | null;
  @ApiProperty({ type: [ReviewLabelResponse] }) labels!: ReviewLabelResponse[];
  @ApiProperty({ type: ReviewImageResponse }) image!: ReviewImageResponse;
  @ApiProperty({
    type: PreviousReviewResponse,
    nullable: true,
    description: "For an appeal or an escalation: the earlier reviewer's verdict, note and labels (the item at `parentItemId`). Null otherwise.",
  })
  previousReview!: PreviousReviewResponse | null;
  @ApiProperty({ type: DecisionResponse, description: "The model's decision, untouched: scores, thresholds, matched prompts, policy version." })
  decision!: DecisionResponse;
  @ApiProperty({ type: ReviewPolicyResponse, nullable: true }) policy!: ReviewPolicyResponse | null;
}

/** The answer to a claim: the item, or null when none is available to the caller. */
export class ClaimResultResponse {
  @ApiProperty({ type: ReviewItemResponse, nullable: true }) item!: ReviewItemResponse | null;
}

/** A queue's state. */
export class QueueSummaryResponse {
  @ApiProperty({ example: 'review' }) name!: string;
  @ApiProperty({ enum: QUEUE_ORDERS, enumName: 'QueueOrder' }) order!: QueueOrder;
  @ApiProperty() pending!: number;
  @ApiProperty() claimed!: number;
  @ApiProperty({ description: 'Pending items the caller may claim.' }) availableToYou!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) oldestPendingAt!: string | null;
}

/** Every queue. */
export class QueueOverviewResponse {
  @ApiProperty({ type: [QueueSummaryResponse] }) items!: QueueSummaryResponse[];
}

/** One page of labels, newest first. */
export class LabelPageResponse {
  @ApiProperty({ type: [ReviewLabelResponse] }) items!: ReviewLabelResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** A new appeal. */
export class AppealResponse {
  @ApiProperty({ format: 'uuid', description: 'The appeal review item.' }) id!: string;
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ example: 'appeals' }) queue!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

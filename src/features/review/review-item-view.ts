import { Policy } from '../../engine/policy/policy.types';
import { toDecisionResponse } from '../../core/http/decision-view';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { StoredImageEntity } from '../../database/entities/stored-image.entity';
import { StoredDecision } from '../../core/decisions/decision.types';
import { PreviousReviewResponse, ReviewItemResponse, ReviewLabelResponse, ReviewPolicyResponse } from './http/review.dto';
import type { DecidedItem } from './review-item.repository';
import { effectivePriority } from './review-priority';
import { ReviewItemKind, ReviewItemStatus, ReviewLabelValue, ReviewVerdict } from './review-types';

/** Everything an item response is built from. */
export interface ReviewItemParts {
  readonly item: ReviewItemEntity;
  readonly labels: readonly ReviewLabelEntity[];
  readonly image: StoredImageEntity | null;
  readonly previous: DecidedItem | null;
  readonly decision: StoredDecision;
  /** The policy as it was when the decision was made; null if its snapshot is missing. */
  readonly policy: Policy | null;
  readonly now: Date;
}

/** An item as the API returns it. */
export function toReviewItemResponse(parts: ReviewItemParts): ReviewItemResponse {
  const { item, now } = parts;
  const claimLive = item.status === 'claimed' && item.leaseExpiresAt !== null && item.leaseExpiresAt.getTime() > now.getTime();
  return {
    id: item.id,
    queue: item.queue,
    kind: item.kind as ReviewItemKind,
    // A claim whose lease ran out is back in its queue, and says so.
    status: (item.status === 'claimed' && !claimLive ? 'pending' : item.status) as ReviewItemStatus,
    priority: item.priority,
    effectivePriority: effectivePriority(item.priority, item.createdAt, item.decidedAt ?? now),
    createdAt: item.createdAt.toISOString(),
    reason: item.reason,
    parentItemId: item.parentItemId,
    claim:
      item.status === 'claimed' && item.claimedBy !== null && item.claimedAt !== null && item.leaseExpiresAt !== null
        ? { reviewerId: item.claimedBy, claimedAt: item.claimedAt.toISOString(), leaseExpiresAt: item.leaseExpiresAt.toISOString(), live: claimLive }
        : null,
    verdict:
      item.status === 'decided' && item.verdict !== null && item.decidedBy !== null && item.decidedAt !== null
        ? { verdict: item.verdict as ReviewVerdict, reviewerId: item.decidedBy, decidedAt: item.decidedAt.toISOString(), note: item.note }
        : null,
    labels: parts.labels.map(toLabelResponse),
    image: imageState(item, parts.image),
    previousReview: parts.previous ? toPreviousReview(parts.previous) : null,
    decision: toDecisionResponse(parts.decision),
    policy: parts.policy ? toPolicyResponse(parts.policy) : null,
  };
}

function toPreviousReview(previous: DecidedItem): PreviousReviewResponse | null {
  const { item } = previous;
  if (item.verdict === null || item.decidedBy === null || item.decidedAt === null) return null;
  return {
    itemId: item.id,
    kind: item.kind as ReviewItemKind,
    verdict: item.verdict as ReviewVerdict,
    reviewerId: item.decidedBy,
    decidedAt: item.decidedAt.toISOString(),
    note: item.note,
    labels: previous.labels.map(toLabelResponse),
  };
}

/** A label row as the API returns it. */
export function toLabelResponse(row: ReviewLabelEntity): ReviewLabelResponse {
  return {
    id: row.id,
    decisionId: row.decisionId,
    reviewItemId: row.reviewItemId,
    categoryId: row.categoryId,
    label: row.label as ReviewLabelValue,
    reviewerId: row.reviewerId,
    createdAt: row.createdAt.toISOString(),
  };
}

function imageState(item: ReviewItemEntity, image: StoredImageEntity | null): ReviewItemResponse['image'] {
  if (!image) return { status: 'not_stored', url: null, purgedAt: null };
  if (image.purgedAt !== null) return { status: 'purged', url: null, purgedAt: image.purgedAt.toISOString() };
  return { status: 'available', url: `/v1/review/items/${item.id}/image`, purgedAt: null };
}

function toPolicyResponse(policy: Policy): ReviewPolicyResponse {
  return {
    id: policy.id,
    version: policy.version,
    description: policy.description,
    categories: policy.categories.map((category) => ({
      id: category.id,
      description: category.description,
      prompts: [...category.prompts],
      contrastPrompts: [...category.contrastPrompts],
      scoring: category.scoring,
      severity: category.severity,
      shadow: category.shadow,
    })),
  };
}

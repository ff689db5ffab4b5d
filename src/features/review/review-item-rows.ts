import { randomUUID } from 'node:crypto';
import { ModerationError } from '../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { reviewRank } from './review-priority';
import { ReviewItemKind } from './review-types';

/** What a new review item is about. */
export interface NewReviewItem {
  readonly decisionId: string;
  readonly queue: string;
  readonly kind: ReviewItemKind;
  readonly priority: number;
  readonly createdAt: Date;
  readonly excludedReviewers?: readonly string[];
  readonly parentItemId?: string | null;
  readonly reason?: string | null;
  readonly openedBy?: string | null;
}

/** The row of a new, pending item. */
export function newReviewItemRow(item: NewReviewItem): ReviewItemEntity {
  return {
    id: randomUUID(),
    decisionId: item.decisionId,
    queue: item.queue,
    kind: item.kind,
    status: 'pending',
    priority: item.priority,
    rank: reviewRank(item.priority, item.createdAt),
    createdAt: item.createdAt,
    revision: 0,
    claimedBy: null,
    claimedAt: null,
    leaseExpiresAt: null,
    excludedReviewers: [...new Set(item.excludedReviewers ?? [])],
    parentItemId: item.parentItemId ?? null,
    reason: item.reason ?? null,
    openedBy: item.openedBy ?? null,
    verdict: null,
    note: null,
    decidedBy: null,
    decidedAt: null,
  };
}

/** True when `reviewerId` holds a live lease on the item at `now`. */
export function holdsLease(row: ReviewItemEntity, reviewerId: string, now: Date): boolean {
  return row.status === 'claimed' && row.claimedBy === reviewerId && row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > now.getTime();
}

/** The item's state as audit events record it. */
export function itemAuditState(row: ReviewItemEntity): Record<string, unknown> {
  return {
    decisionId: row.decisionId,
    queue: row.queue,
    kind: row.kind,
    status: row.status,
    revision: row.revision,
    claimedBy: row.claimedBy,
    leaseExpiresAt: row.leaseExpiresAt?.toISOString() ?? null,
    verdict: row.verdict,
  };
}

/** The LIKE pattern matching an item whose excluded reviewers include `reviewerId` (a UUID). */
export function exclusionPattern(reviewerId: string): string {
  return `%"${reviewerId}"%`;
}

/** Refusal for a reviewer that does not hold the item. */
export function leaseNotHeld(row: ReviewItemEntity): AppError {
  return new ModerationError(AppErrorCode.ReviewLeaseNotHeld, `You do not hold a live lease on review item ${row.id}; claim it first.`, {
    id: row.id,
    status: row.status,
  });
}

/** Refusal for an item that is already decided. */
export function alreadyDecided(row: ReviewItemEntity): AppError {
  return new ModerationError(AppErrorCode.ReviewConflict, `Review item ${row.id} is already decided (${row.verdict}).`, {
    id: row.id,
    verdict: row.verdict,
  });
}

import { QUEUE_ORDERS, QUEUE_SPLITS, QueueOrder, QueueSplit } from '../../config/choices';
/** Why an item is in a queue: the model asked for review, a quality sample, an escalation, an appeal. */
export type ReviewItemKind = 'review' | 'sample' | 'escalation' | 'appeal';

/** `pending` (claimable), `claimed` (held under a lease), `decided` (closed). */
export type ReviewItemStatus = 'pending' | 'claimed' | 'decided';

/** `approve`: the content stays. `remove`: it goes. `escalate`: a senior reviewer decides. */
export type ReviewVerdict = 'approve' | 'remove' | 'escalate';

/** Every {@link ReviewVerdict}. */
export const REVIEW_VERDICTS: readonly ReviewVerdict[] = Object.freeze(['approve', 'remove', 'escalate'] as const);

/** A reviewer's label for one category: what policy tuning learns from. */
export type ReviewLabelValue = 'violating' | 'not_violating' | 'unsure';

/** Every {@link ReviewLabelValue}. */
export const REVIEW_LABEL_VALUES: readonly ReviewLabelValue[] = Object.freeze(['violating', 'not_violating', 'unsure'] as const);

/** Names of the queues every installation has. */
export const STANDARD_QUEUES = Object.freeze({
  /** Decisions the model sent to review (`review.<policy>[.<category>]` when split). */
  review: 'review',
  /** The random sample of allow and block decisions, for quality checks. */
  quality: 'quality',
  /** Escalated items, for senior reviewers (never served to the reviewer who escalated). */
  senior: 'senior',
  /** Appeals (never served to a reviewer who already decided the decision). */
  appeals: 'appeals',
});

/** Queue names: dot-separated lowercase slugs, e.g. `review.marketplace.weapons`. */
export const QUEUE_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** Longest queue name (the column's width). */
export const QUEUE_NAME_MAX_LENGTH = 160;

/** True when `value` is a usable queue name. */
export function isQueueName(value: string): boolean {
  return value.length <= QUEUE_NAME_MAX_LENGTH && QUEUE_NAME_PATTERN.test(value);
}

export { QUEUE_ORDERS, QUEUE_SPLITS };
export type { QueueOrder, QueueSplit };

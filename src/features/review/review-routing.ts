import { CategoryDecision } from '../../engine/scoring/moderation-decision';
import { StoredDecision } from '../../core/decisions/decision.types';
import { reviewMargin, severityRank } from './review-priority';
import { QueueSplit, STANDARD_QUEUES } from './review-types';

/**
 * The queue a review decision goes to: `review`, `review.<policy>` or `review.<policy>.<category>`
 * (the triggered category that matters most: highest severity, then furthest into its review
 * band). Quality samples, escalations and appeals have queues of their own.
 */
export function reviewQueueFor(decision: StoredDecision, split: QueueSplit): string {
  if (split === 'single') return STANDARD_QUEUES.review;
  const byPolicy = `${STANDARD_QUEUES.review}.${decision.policy.id}`;
  if (split === 'policy') return byPolicy;
  const lead = leadingCategory(decision);
  return lead ? `${byPolicy}.${lead.id}` : byPolicy;
}

/** The triggered category a reviewer should look at first, or undefined when none triggered. */
export function leadingCategory(decision: StoredDecision): CategoryDecision | undefined {
  const triggered = decision.categories.filter((category) => decision.triggered.includes(category.id));
  return triggered.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || reviewMargin(b) - reviewMargin(a))[0];
}

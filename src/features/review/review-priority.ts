import { CategorySeverity } from '../../engine/policy/policy.types';
import { CategoryDecision } from '../../engine/scoring/moderation-decision';
import { ReviewItemKind } from './review-types';

/*
 * Priority = severity (10 per step: low 10 … critical 40) + score margin (0–10: how far the score
 * went into the band between the review and block thresholds) + a bonus for escalations and
 * appeals (a person already asked for another look). Age is added while the item waits: one
 * point per hour. Ordering by `rank = priority - hours since the epoch` descending is the same as
 * ordering by `priority + hours waited`, and needs no recomputation as time passes.
 */

const SEVERITY_RANK: Readonly<Record<CategorySeverity, number>> = Object.freeze({ low: 1, medium: 2, high: 3, critical: 4 });
const KIND_BONUS: Readonly<Record<ReviewItemKind, number>> = Object.freeze({ review: 0, sample: 0, escalation: 10, appeal: 5 });
const MS_PER_HOUR = 3_600_000;

/** 1 (low) to 4 (critical). */
export function severityRank(severity: CategorySeverity): number {
  return SEVERITY_RANK[severity] ?? SEVERITY_RANK.medium;
}

/** How far a category's score went from its review threshold towards its block threshold, 0 to 1. */
export function reviewMargin(category: Pick<CategoryDecision, 'score' | 'thresholds'>): number {
  const { review, block } = category.thresholds;
  if (category.score < review) return 0;
  if (block <= review) return 1;
  return Math.min(1, (category.score - review) / (block - review));
}

/** What priority is computed from: a decision's categories and which of them triggered. */
export interface PriorityInput {
  readonly triggered: readonly string[];
  readonly categories: ReadonlyArray<Pick<CategoryDecision, 'id' | 'score' | 'thresholds' | 'shadow' | 'severity'>>;
}

/**
 * The item's priority when opened: from the categories that triggered (for review decisions), or
 * from the closest category (for samples of allowed or blocked content).
 */
export function reviewPriority(decision: PriorityInput, kind: ReviewItemKind): number {
  const enforced = decision.categories.filter((category) => !category.shadow);
  const triggered = enforced.filter((category) => decision.triggered.includes(category.id));
  const considered = triggered.length > 0 ? triggered : enforced;
  const severity = Math.max(0, ...considered.map((category) => severityRank(category.severity)));
  const margin = Math.max(0, ...considered.map(reviewMargin));
  return round(severity * 10 + margin * 10 + KIND_BONUS[kind]);
}

/** The stored ordering key for an item of `priority` opened at `createdAt` (see the note above). */
export function reviewRank(priority: number, createdAt: Date): number {
  return priority - createdAt.getTime() / MS_PER_HOUR;
}

/** Priority plus the hours the item has waited, as served at `now`. */
export function effectivePriority(priority: number, createdAt: Date, now: Date): number {
  return round(priority + Math.max(0, now.getTime() - createdAt.getTime()) / MS_PER_HOUR);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

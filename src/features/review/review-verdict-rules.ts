import { randomUUID } from 'node:crypto';
import type { BankedDecision } from '../banks';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { newReviewItemRow } from './review-item-rows';
import { REVIEW_LABEL_VALUES, REVIEW_VERDICTS, ReviewLabelValue, ReviewVerdict, STANDARD_QUEUES } from './review-types';

/** Longest note a reviewer may leave. */
export const MAX_NOTE_LENGTH = 4000;

/** How much an escalation outranks the item it came from. */
const ESCALATION_PRIORITY_BONUS = 10;

/** One category's label in a verdict. */
export interface CategoryLabelInput {
  readonly categoryId: string;
  readonly label: ReviewLabelValue;
}

/** A reviewer's verdict on an item they hold. */
export interface VerdictInput {
  readonly verdict: ReviewVerdict;
  /** At most one label per category of the decision. */
  readonly labels?: readonly CategoryLabelInput[];
  readonly note?: string | null;
  /** A `remove` verdict may add the decision's picture to this embedding bank (id or name). */
  readonly addToBank?: string | null;
  /** The label of that bank entry. */
  readonly bankLabel?: string | null;
}

/** What a verdict changed. */
export interface VerdictResult {
  readonly item: ReviewItemEntity;
  readonly labels: readonly ReviewLabelEntity[];
  /** The senior-queue item an `escalate` verdict opened. */
  readonly escalation: ReviewItemEntity | null;
  /** The embedding bank entry a remove verdict added (or found there already); null when it asked for none. */
  readonly banked: BankedDecision | null;
}

type Problems = Array<{ field: string; reasons: string[] }>;

/** VALIDATION_FAILED listing every problem of a verdict that no decision could accept. */
export function checkVerdictShape(input: VerdictInput): void {
  const problems: Problems = [];
  if (!REVIEW_VERDICTS.includes(input.verdict)) problems.push({ field: 'verdict', reasons: [`must be one of ${REVIEW_VERDICTS.join(', ')}`] });
  if (input.note !== undefined && input.note !== null && input.note.length > MAX_NOTE_LENGTH) {
    problems.push({ field: 'note', reasons: [`must be at most ${MAX_NOTE_LENGTH} characters`] });
  }
  if (input.addToBank && input.verdict !== 'remove') problems.push({ field: 'addToBank', reasons: ['only a remove verdict adds the picture to a bank'] });
  if (input.bankLabel && !input.addToBank) problems.push({ field: 'bankLabel', reasons: ['labels the bank entry, so it needs addToBank'] });
  (input.labels ?? []).forEach((label, index) => {
    if (!REVIEW_LABEL_VALUES.includes(label.label)) problems.push({ field: `labels.${index}.label`, reasons: [`must be one of ${REVIEW_LABEL_VALUES.join(', ')}`] });
  });
  if (problems.length > 0) throw invalid(problems);
}

/** Label rows, refusing categories the decision does not have and a category labelled twice. */
export function labelRows(
  labels: readonly CategoryLabelInput[],
  categories: readonly DecisionCategoryEntity[],
  item: ReviewItemEntity,
  reviewerId: string,
  now: Date,
): ReviewLabelEntity[] {
  const known = new Set(categories.map((category) => category.categoryId));
  const seen = new Set<string>();
  const problems: Problems = [];
  labels.forEach((label, index) => {
    if (!known.has(label.categoryId)) problems.push({ field: `labels.${index}.categoryId`, reasons: [`the decision has no category "${label.categoryId}"`] });
    else if (seen.has(label.categoryId)) problems.push({ field: `labels.${index}.categoryId`, reasons: [`"${label.categoryId}" is labelled more than once`] });
    seen.add(label.categoryId);
  });
  if (problems.length > 0) throw invalid(problems);
  return labels.map((label) => ({
    id: randomUUID(),
    decisionId: item.decisionId,
    reviewItemId: item.id,
    categoryId: label.categoryId,
    label: label.label,
    reviewerId,
    createdAt: now,
  }));
}

/** The senior-queue item an escalation opens: it outranks its parent, and the escalating reviewer can never claim it. */
export function escalationOf(item: ReviewItemEntity, reviewerId: string, note: string | null, now: Date): ReviewItemEntity {
  return newReviewItemRow({
    decisionId: item.decisionId,
    queue: STANDARD_QUEUES.senior,
    kind: 'escalation',
    priority: item.priority + ESCALATION_PRIORITY_BONUS,
    createdAt: now,
    excludedReviewers: [...item.excludedReviewers, reviewerId],
    parentItemId: item.id,
    reason: note,
    openedBy: reviewerId,
  });
}

function invalid(problems: Problems): ModerationError {
  const summary = problems.map((problem) => `${problem.field}: ${problem.reasons.join('; ')}`).join(', ');
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid verdict: ${summary}`, { errors: problems });
}

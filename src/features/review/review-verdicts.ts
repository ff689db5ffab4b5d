import { randomUUID } from 'node:crypto';
import { appendAuditEvent } from '../access';
import { auditActorOf, RequestActor } from '../access';
import { ModerationError } from '../../engine/errors/moderation-error';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { touchImage } from './storage/image-ledger';
import { conditionalUpdate } from './review-leases';
import { ReviewContext } from './review-context';
import { alreadyDecided, getReviewItem, holdsLease, insertReviewItem, itemAuditState, leaseNotHeld, newReviewItemRow } from './review-item-rows';
import { REVIEW_LABEL_VALUES, REVIEW_VERDICTS, ReviewLabelValue, ReviewVerdict, STANDARD_QUEUES } from './review-types';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

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
}

/** What a verdict changed. */
export interface VerdictResult {
  readonly item: ReviewItemEntity;
  readonly labels: readonly ReviewLabelEntity[];
  /** The senior-queue item an `escalate` verdict opened. */
  readonly escalation: ReviewItemEntity | null;
}

/**
 * Decides an item the caller holds, in one transaction: the item closes; each label is stored as a
 * row of its own; `approve` or `remove` becomes the decision's final outcome (the model's action
 * and scores are not touched); `escalate` opens an item in the senior queue that the escalating
 * reviewer can never claim; the image's retention clock restarts; an audit event records it all.
 */
export async function recordVerdict(context: ReviewContext, id: string, actor: RequestActor, input: VerdictInput): Promise<VerdictResult> {
  checkVerdictShape(input);
  const reviewerId = actor.principal.keyId;
  return context.run('review.verdict', async () => {
    const now = context.options.clock();
    const manager = context.dataSource.manager;
    const row = await getReviewItem(manager, id);
    if (row.status === 'decided') throw alreadyDecided(row);
    if (!holdsLease(row, reviewerId, now)) throw leaseNotHeld(row);
    const decision = await manager.getRepository(DecisionEntity).findOneOrFail({ where: { id: row.decisionId } });
    const categories = await manager.getRepository(DecisionCategoryEntity).find({ where: { decisionId: row.decisionId } });
    const labels = labelRows(input.labels ?? [], categories, row, reviewerId, now);
    const note = input.note?.trim() || null;
    const decided: ReviewItemEntity = { ...row, status: 'decided', verdict: input.verdict, note, decidedBy: reviewerId, decidedAt: now, leaseExpiresAt: null, revision: row.revision + 1 };
    const escalation =
      input.verdict === 'escalate'
        ? newReviewItemRow({
            decisionId: row.decisionId,
            queue: STANDARD_QUEUES.senior,
            kind: 'escalation',
            priority: row.priority + ESCALATION_PRIORITY_BONUS,
            createdAt: now,
            excludedReviewers: [...row.excludedReviewers, reviewerId],
            parentItemId: row.id,
            reason: note,
            openedBy: reviewerId,
          })
        : null;
    await context.dataSource.transaction(async (transaction) => {
      // The conditional update goes first: it is the write that proves the lease is still ours.
      await conditionalUpdate(transaction, row, {
        status: decided.status,
        verdict: decided.verdict,
        note: decided.note,
        decidedBy: decided.decidedBy,
        decidedAt: decided.decidedAt,
        leaseExpiresAt: null,
      });
      if (labels.length > 0) await transaction.createQueryBuilder().insert().into(ReviewLabelEntity).values(labels).updateEntity(false).execute();
      if (input.verdict !== 'escalate') {
        await transaction
          .createQueryBuilder()
          .update(DecisionEntity)
          .set({ reviewOutcome: input.verdict, reviewedAt: now, reviewedBy: reviewerId })
          .where('"id" = :id', { id: row.decisionId })
          .updateEntity(false)
          .execute();
      }
      if (escalation) {
        await insertReviewItem(transaction, escalation);
        await appendAuditEvent(transaction, {
          actor: auditActorOf(actor.principal),
          action: 'review.open',
          subjectType: 'review_item',
          subjectId: escalation.id,
          before: null,
          after: itemAuditState(escalation),
          at: now,
          requestId: actor.requestId,
        });
      }
      await touchImage(transaction, decision.contentSha256, now);
      await appendAuditEvent(transaction, {
        actor: auditActorOf(actor.principal),
        action: input.verdict === 'escalate' ? 'review.escalate' : 'review.verdict',
        subjectType: 'review_item',
        subjectId: row.id,
        before: { ...itemAuditState(row), decisionOutcome: decision.reviewOutcome },
        after: {
          ...itemAuditState(decided),
          decisionOutcome: input.verdict === 'escalate' ? decision.reviewOutcome : input.verdict,
          labels: labels.map((label) => ({ categoryId: label.categoryId, label: label.label })),
          note,
          escalationItemId: escalation?.id ?? null,
        },
        at: now,
        requestId: actor.requestId,
      });
    });
    return { item: decided, labels, escalation };
  });
}

function checkVerdictShape(input: VerdictInput): void {
  const problems: Array<{ field: string; reasons: string[] }> = [];
  if (!REVIEW_VERDICTS.includes(input.verdict)) problems.push({ field: 'verdict', reasons: [`must be one of ${REVIEW_VERDICTS.join(', ')}`] });
  if (input.note !== undefined && input.note !== null && input.note.length > MAX_NOTE_LENGTH) {
    problems.push({ field: 'note', reasons: [`must be at most ${MAX_NOTE_LENGTH} characters`] });
  }
  (input.labels ?? []).forEach((label, index) => {
    if (!REVIEW_LABEL_VALUES.includes(label.label)) problems.push({ field: `labels.${index}.label`, reasons: [`must be one of ${REVIEW_LABEL_VALUES.join(', ')}`] });
  });
  if (problems.length > 0) throw invalid(problems);
}

/** Label rows, refusing categories the decision does not have and a category labelled twice. */
function labelRows(
  labels: readonly CategoryLabelInput[],
  categories: readonly DecisionCategoryEntity[],
  item: ReviewItemEntity,
  reviewerId: string,
  now: Date,
): ReviewLabelEntity[] {
  const known = new Set(categories.map((category) => category.categoryId));
  const seen = new Set<string>();
  const problems: Array<{ field: string; reasons: string[] }> = [];
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

function invalid(problems: Array<{ field: string; reasons: string[] }>): ModerationError {
  const summary = problems.map((problem) => `${problem.field}: ${problem.reasons.join('; ')}`).join(', ');
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid verdict: ${summary}`, { errors: problems });
}

import { AuditRepository, RequestActor, auditActorOf } from '../access';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { ModerationError } from '../../engine/errors/moderation-error';
import { isDecisionId } from '../../shared/database/cursor';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { ReviewItemRepository } from './review-item.repository';
import { itemAuditState, newReviewItemRow } from './review-item-rows';
import { reviewPriority } from './review-priority';
import { STANDARD_QUEUES } from './review-types';
import { StoredImageRepository } from './storage/stored-image.repository';

/** Appeals: review items in the `appeals` queue, opened on a decision by the app or a person. */
export class AppealRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Opens an appeal on a decision: an item that no reviewer who already decided this decision can
   * claim, so the appeal always gets a second person. Submitters may appeal only decisions made
   * with their own key (others answer DecisionNotFound, as if absent). Refused with ReviewConflict
   * while the decision has an open item (review, escalation or appeal).
   */
  open(decisionId: string, actor: RequestActor, reason: string | null, now: Date): Promise<ReviewItemEntity> {
    const id = decisionId.toLowerCase();
    return this.database.run('review.appeal', async () => {
      const manager = this.database.dataSource.manager;
      const decision = isDecisionId(id) ? await manager.getRepository(DecisionEntity).findOne({ where: { id } }) : null;
      const { principal } = actor;
      if (!decision || (principal.role === 'submitter' && decision.apiKeyId !== principal.keyId)) {
        throw new ModerationError(AppErrorCode.DecisionNotFound, `No decision with id "${decisionId}"`, { id: decisionId });
      }
      const categories = await manager.getRepository(DecisionCategoryEntity).find({ where: { decisionId: id } });
      return this.database.dataSource.transaction(async (transaction) => {
        // A no-op write on the decision row: it takes the row lock on PostgreSQL (and the write lock
        // on SQLite) first, so two appeals of one decision cannot both find no open item.
        await transaction.createQueryBuilder().update(DecisionEntity).set({ id }).where('"id" = :id', { id }).updateEntity(false).execute();
        const items = await transaction.getRepository(ReviewItemEntity).find({ where: { decisionId: id } });
        const open = items.find((item) => item.status !== 'decided');
        if (open) {
          throw new ModerationError(AppErrorCode.ReviewConflict, `Decision ${id} already has an open review item (${open.kind} in ${open.queue}).`, {
            decisionId: id,
            itemId: open.id,
          });
        }
        const previousReviewers = items.map((item) => item.decidedBy).filter((reviewer): reviewer is string => reviewer !== null);
        const row = newReviewItemRow({
          decisionId: id,
          queue: STANDARD_QUEUES.appeals,
          kind: 'appeal',
          priority: reviewPriority({ triggered: decision.triggered, categories: categories.map(toPriorityCategory) }, 'appeal'),
          createdAt: now,
          excludedReviewers: previousReviewers,
          parentItemId: latestDecided(items)?.id ?? null,
          reason,
          openedBy: principal.authDisabled ? null : principal.keyId,
        });
        await ReviewItemRepository.insert(transaction, row);
        await StoredImageRepository.touch(transaction, decision.contentSha256, now);
        await AuditRepository.append(transaction, {
          actor: auditActorOf(principal),
          action: 'appeal.open',
          subjectType: 'review_item',
          subjectId: row.id,
          before: { decisionOutcome: decision.reviewOutcome, reviewedBy: decision.reviewedBy },
          after: { ...itemAuditState(row), reason, excludedReviewers: row.excludedReviewers },
          at: now,
          requestId: actor.requestId,
        });
        return row;
      });
    });
  }
}

function toPriorityCategory(row: DecisionCategoryEntity): Parameters<typeof reviewPriority>[0]['categories'][number] {
  return { id: row.categoryId, score: row.score, thresholds: { review: row.reviewThreshold, block: row.blockThreshold }, shadow: row.shadow, severity: row.severity };
}

function latestDecided(items: readonly ReviewItemEntity[]): ReviewItemEntity | undefined {
  return items
    .filter((item) => item.decidedAt !== null)
    .sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime())[0];
}

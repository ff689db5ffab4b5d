import { AuditRepository, RequestActor, auditActorOf } from '../access';
import { BankedDecision, ReviewBanking } from '../banks';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { ReviewItemRepository } from './review-item.repository';
import { alreadyDecided, holdsLease, itemAuditState, leaseNotHeld } from './review-item-rows';
import { VerdictInput, VerdictResult, escalationOf, labelRows } from './review-verdict-rules';
import { StoredImageRepository } from './storage/stored-image.repository';

/** Verdicts on review items. */
export class ReviewVerdictRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Decides an item the caller holds, in one transaction: the item closes; each label is stored as
   * a row of its own; `approve` or `remove` becomes the decision's final outcome (the model's action
   * and scores are not touched); `escalate` opens an item in the senior queue; the image's retention
   * clock restarts; with `addToBank` (remove only), `banking` adds the decision's embedding to that
   * embedding bank (BANK_NOT_FOUND undoes the verdict); an audit event records it all.
   */
  decide(id: string, actor: RequestActor, input: VerdictInput, now: Date, banking?: ReviewBanking): Promise<VerdictResult> {
    const reviewerId = actor.principal.keyId;
    return this.database.run('review.verdict', async () => {
      const manager = this.database.dataSource.manager;
      const row = await ReviewItemRepository.get(manager, id);
      if (row.status === 'decided') throw alreadyDecided(row);
      if (!holdsLease(row, reviewerId, now)) throw leaseNotHeld(row);
      const decision = await manager.getRepository(DecisionEntity).findOneOrFail({ where: { id: row.decisionId } });
      const categories = await manager.getRepository(DecisionCategoryEntity).find({ where: { decisionId: row.decisionId } });
      const labels = labelRows(input.labels ?? [], categories, row, reviewerId, now);
      const note = input.note?.trim() || null;
      const decided: ReviewItemEntity = { ...row, status: 'decided', verdict: input.verdict, note, decidedBy: reviewerId, decidedAt: now, leaseExpiresAt: null, revision: row.revision + 1 };
      const escalation = input.verdict === 'escalate' ? escalationOf(row, reviewerId, note, now) : null;
      let banked: BankedDecision | null = null;
      await this.database.dataSource.transaction(async (transaction) => {
        // The conditional update goes first: it is the write that proves the lease is still ours.
        await ReviewItemRepository.update(transaction, row, {
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
        if (input.addToBank && banking) {
          const request = { bank: input.addToBank, label: input.bankLabel?.trim() || null, note };
          banked = await banking.add(transaction, request, { id: decision.id, modelHash: decision.modelHash, embedding: decision.embedding }, actor, row.id, now);
        }
        if (escalation) {
          await ReviewItemRepository.insert(transaction, escalation);
          await AuditRepository.append(transaction, {
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
        await StoredImageRepository.touch(transaction, decision.contentSha256, now);
        await AuditRepository.append(transaction, {
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
            ...(banked ? { bankEntry: ReviewBanking.refOf(banked) } : {}),
          },
          at: now,
          requestId: actor.requestId,
        });
      });
      return { item: decided, labels, escalation, banked };
    });
  }
}

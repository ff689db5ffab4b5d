import { appendAuditEvent } from '../access';
import { auditActorOf, RequestActor } from '../access';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewQueueEntity } from '../../database/entities/review-queue.entity';
import { fromUtcText, toUtcText } from '../../shared/database/utc-text';
import { allQueueSettings } from './queue-settings';
import { ReviewContext } from './review-context';
import { exclusionPattern } from './review-item-rows';
import { QUEUE_ORDERS, QueueOrder, STANDARD_QUEUES, isQueueName } from './review-types';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** One queue in the overview. */
export interface QueueSummary {
  readonly name: string;
  readonly order: QueueOrder;
  /** Open items nobody holds (including claims whose lease ran out). */
  readonly pending: number;
  /** Items held under a live lease. */
  readonly claimed: number;
  /** Pending items the caller may claim (excluded reviewers cannot claim appeals of their own decisions). */
  readonly availableToYou: number;
  /** Creation time of the oldest pending item; null when none is pending. */
  readonly oldestPendingAt: string | null;
}

interface CountRow {
  queue: string;
  state: string;
  total: string | number;
  available: string | number;
  oldest: string | null;
}

/**
 * Every queue with open items, every queue an admin configured and the standard queues, with
 * counts as of now (a claim whose lease ran out counts as pending).
 */
export async function queueOverview(context: ReviewContext, actor: RequestActor): Promise<QueueSummary[]> {
  return context.run('review.queues', async () => {
    const now = toUtcText(context.options.clock());
    const state = `CASE WHEN i.status = 'claimed' AND i.leaseExpiresAt > :now THEN 'claimed' ELSE 'pending' END`;
    const rows = await context.dataSource
      .getRepository(ReviewItemEntity)
      .createQueryBuilder('i')
      .select('i.queue', 'queue')
      .addSelect(state, 'state')
      .addSelect('COUNT(*)', 'total')
      .addSelect('SUM(CASE WHEN i.excludedReviewers NOT LIKE :excluded THEN 1 ELSE 0 END)', 'available')
      .addSelect('MIN(i.createdAt)', 'oldest')
      .where(`i.status IN ('pending', 'claimed')`)
      .groupBy('i.queue')
      .addGroupBy(state)
      .setParameters({ now, excluded: exclusionPattern(actor.principal.keyId) })
      .getRawMany<CountRow>();
    const settings = await allQueueSettings(context.dataSource.manager);
    const names = new Set<string>([...Object.values(STANDARD_QUEUES), ...settings.keys(), ...rows.map((row) => row.queue)]);
    return [...names].sort().map((name) => {
      const pending = rows.find((row) => row.queue === name && row.state === 'pending');
      const claimed = rows.find((row) => row.queue === name && row.state === 'claimed');
      const setting = settings.get(name);
      return {
        name,
        order: setting && (QUEUE_ORDERS as readonly string[]).includes(setting.serveOrder) ? (setting.serveOrder as QueueOrder) : context.options.order,
        pending: Number(pending?.total ?? 0),
        claimed: Number(claimed?.total ?? 0),
        availableToYou: Number(pending?.available ?? 0),
        oldestPendingAt: pending?.oldest ? fromUtcText(pending.oldest).toISOString() : null,
      };
    });
  });
}

/** Sets how a queue is served (admins); the queue need not have items yet. */
export async function setQueueOrder(context: ReviewContext, name: string, order: QueueOrder, actor: RequestActor): Promise<QueueOrder> {
  if (!isQueueName(name)) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid queue name "${name}"`, { errors: [{ field: 'name', reasons: ['must be a queue name such as review or appeals'] }] });
  }
  if (!QUEUE_ORDERS.includes(order)) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid order "${order}"`, { errors: [{ field: 'order', reasons: [`must be one of ${QUEUE_ORDERS.join(', ')}`] }] });
  }
  return context.run('review.queue-settings', async () => {
    const now = context.options.clock();
    const before = await context.dataSource.getRepository(ReviewQueueEntity).findOne({ where: { name } });
    const row: ReviewQueueEntity = { name, serveOrder: order, updatedAt: now, updatedBy: actor.principal.authDisabled ? null : actor.principal.keyId };
    await context.dataSource.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(ReviewQueueEntity).values(row).orUpdate(['serve_order', 'updated_at', 'updated_by'], ['name']).updateEntity(false).execute();
      await appendAuditEvent(manager, {
        actor: auditActorOf(actor.principal),
        action: 'queue.update',
        subjectType: 'review_queue',
        subjectId: name,
        before: before ? { order: before.serveOrder } : { order: context.options.order, configured: false },
        after: { order },
        at: now,
        requestId: actor.requestId,
      });
    });
    return order;
  });
}

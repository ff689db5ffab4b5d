import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditEventInput, AuditRepository } from '../access';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewQueueEntity } from '../../database/entities/review-queue.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { fromUtcText, toUtcText } from '../../shared/database/utc-text';
import { exclusionPattern } from './review-item-rows';
import { QUEUE_ORDERS, QueueOrder } from './review-types';

/** Open items of one queue in one state, as counted. */
export interface QueueCount {
  readonly queue: string;
  /** `claimed`: held under a live lease; `pending`: nobody holds it (a lease that ran out included). */
  readonly state: 'pending' | 'claimed';
  readonly total: number;
  /** Items the asking reviewer may claim (they are not among its excluded reviewers). */
  readonly available: number;
  /** Creation time of the oldest item; null when none. */
  readonly oldest: Date | null;
}

interface CountRow {
  queue: string;
  state: 'pending' | 'claimed';
  total: string | number;
  available: string | number;
  oldest: string | null;
}

function depthOf(row: Omit<CountRow, 'available'>): Omit<QueueCount, 'available'> {
  return { queue: row.queue, state: row.state, total: Number(row.total), oldest: row.oldest ? fromUtcText(row.oldest) : null };
}

/** Review queues: counts of their open items, and how admins set each queue to be served. */
export class ReviewQueueRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /** The serving order of a queue: the admin's setting, or `fallback`. */
  static async orderOf(manager: EntityManager, queue: string, fallback: QueueOrder): Promise<QueueOrder> {
    const row = await manager.getRepository(ReviewQueueEntity).findOne({ where: { name: queue } });
    return validOrder(row?.serveOrder) ?? fallback;
  }

  /** Open items per queue and state at `now`, with how many of them `reviewerId` may claim. */
  counts(reviewerId: string, now: Date): Promise<QueueCount[]> {
    return this.database.run('review.queues', async () => {
      const rows = await this.openItemsByQueue(now)
        .addSelect('SUM(CASE WHEN i.excludedReviewers NOT LIKE :excluded THEN 1 ELSE 0 END)', 'available')
        .setParameter('excluded', exclusionPattern(reviewerId))
        .getRawMany<CountRow>();
      return rows.map((row) => ({ ...depthOf(row), available: Number(row.available) }));
    });
  }

  /** Open items per queue and state at `now` with the oldest creation time, for metrics: {@link counts} without anything about one reviewer. */
  depths(now: Date): Promise<Omit<QueueCount, 'available'>[]> {
    return this.database.run('review.queue-depths', async () => {
      const rows = await this.openItemsByQueue(now).getRawMany<Omit<CountRow, 'available'>>();
      return rows.map(depthOf);
    });
  }

  /** Pending and claimed items grouped by queue and state (a lapsed claim counts as pending), with their count and oldest creation time. */
  private openItemsByQueue(now: Date): SelectQueryBuilder<ReviewItemEntity> {
    const state = `CASE WHEN i.status = 'claimed' AND i.leaseExpiresAt > :now THEN 'claimed' ELSE 'pending' END`;
    return this.database.dataSource
      .getRepository(ReviewItemEntity)
      .createQueryBuilder('i')
      .select('i.queue', 'queue')
      .addSelect(state, 'state')
      .addSelect('COUNT(*)', 'total')
      .addSelect('MIN(i.createdAt)', 'oldest')
      .where(`i.status IN ('pending', 'claimed')`)
      .groupBy('i.queue')
      .addGroupBy(state)
      .setParameter('now', toUtcText(now));
  }


  /** Every queue an admin configured, with its serving order. */
  async orders(): Promise<Map<string, QueueOrder>> {
    const rows = await this.database.run('review.queue-settings', () => this.database.dataSource.getRepository(ReviewQueueEntity).find());
    const orders = new Map<string, QueueOrder>();
    for (const row of rows) {
      const order = validOrder(row.serveOrder);
      if (order) orders.set(row.name, order);
    }
    return orders;
  }

  /**
   * Sets a queue's serving order with its audit event, in one transaction. `event` gets the order
   * the queue had (null when an admin never set one).
   */
  setOrder(name: string, order: QueueOrder, at: Date, updatedBy: string | null, event: (before: QueueOrder | null) => AuditEventInput): Promise<void> {
    return this.database.run('review.queue-settings', async () => {
      const before = await this.database.dataSource.getRepository(ReviewQueueEntity).findOne({ where: { name } });
      const row: ReviewQueueEntity = { name, serveOrder: order, updatedAt: at, updatedBy };
      await this.database.dataSource.transaction(async (manager) => {
        await manager.createQueryBuilder().insert().into(ReviewQueueEntity).values(row).orUpdate(['serve_order', 'updated_at', 'updated_by'], ['name']).updateEntity(false).execute();
        await AuditRepository.append(manager, event(before ? (before.serveOrder as QueueOrder) : null));
      });
    });
  }
}

function validOrder(value: string | undefined): QueueOrder | undefined {
  return value !== undefined && (QUEUE_ORDERS as readonly string[]).includes(value) ? (value as QueueOrder) : undefined;
}

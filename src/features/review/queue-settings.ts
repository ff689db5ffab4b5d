import { EntityManager } from 'typeorm';
import { ReviewQueueEntity } from '../../database/entities/review-queue.entity';
import { QUEUE_ORDERS, QueueOrder } from './review-types';

/** The serving order of a queue: the admin's setting, or the configured default. */
export async function queueOrderOf(manager: EntityManager, queue: string, fallback: QueueOrder): Promise<QueueOrder> {
  const row = await manager.getRepository(ReviewQueueEntity).findOne({ where: { name: queue } });
  return row && (QUEUE_ORDERS as readonly string[]).includes(row.serveOrder) ? (row.serveOrder as QueueOrder) : fallback;
}

/** Every admin setting, by queue name. */
export async function allQueueSettings(manager: EntityManager): Promise<Map<string, ReviewQueueEntity>> {
  const rows = await manager.getRepository(ReviewQueueEntity).find();
  return new Map(rows.map((row) => [row.name, row]));
}

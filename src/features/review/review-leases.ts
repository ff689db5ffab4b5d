import { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../access';
import { auditActorOf, RequestActor } from '../access';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { toUtcText } from '../../shared/database/utc-text';
import { queueOrderOf } from './queue-settings';
import { ReviewContext } from './review-context';
import { alreadyDecided, exclusionPattern, getReviewItem, holdsLease, itemAuditState, leaseNotHeld } from './review-item-rows';
import { LEASE_BOUNDS } from './review-options';
import { QueueOrder, isQueueName } from './review-types';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** How often a claim retries after losing a race for its candidate (only other processes on SQLite). */
const CLAIM_ATTEMPTS = 5;

/**
 * Claims the next item of `queue` for the caller under a lease, or returns null when none is
 * available to them. An item is available when pending, or claimed with an expired lease, and the
 * caller is not among its excluded reviewers. A caller that already holds a live item in the queue
 * gets that item back (a reloaded console does not strand it).
 *
 * No two reviewers ever hold the same item:
 * - PostgreSQL: the candidate is selected `FOR UPDATE SKIP LOCKED` inside the claiming
 *   transaction, so concurrent claimers lock different rows and never wait on each other;
 * - SQLite: work on a data source is serialised (one connection), and the update is conditional
 *   on the revision read, so a claim by another process in between makes it try the next item.
 */
export async function claimNextItem(context: ReviewContext, queue: string, actor: RequestActor, leaseSeconds?: number): Promise<ReviewItemEntity | null> {
  if (!isQueueName(queue)) throw invalid('queue', 'must be a queue name such as review, quality, senior or appeals');
  const leaseMs = checkLease(leaseSeconds ?? context.options.leaseSeconds) * 1000;
  const reviewerId = actor.principal.keyId;
  return context.run('review.claim', async () => {
    const now = context.options.clock();
    const held = await heldItem(context.dataSource.manager, queue, reviewerId, now);
    if (held) return held;
    const order = await queueOrderOf(context.dataSource.manager, queue, context.options.order);
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const outcome = context.sqlite
        ? await claimOnSqlite(context, queue, order, actor, now, leaseMs)
        : await context.dataSource.transaction(async (manager) => {
            const candidate = await findCandidate(manager, queue, order, reviewerId, now, true);
            return candidate ? take(manager, candidate, actor, now, leaseMs) : null;
          });
      if (outcome !== 'lost') return outcome;
    }
    return null;
  });
}

/** Extends the caller's live lease to a full lease from now. */
export async function renewLease(context: ReviewContext, id: string, actor: RequestActor, leaseSeconds?: number): Promise<ReviewItemEntity> {
  const leaseMs = checkLease(leaseSeconds ?? context.options.leaseSeconds) * 1000;
  return context.run('review.renew', async () => {
    const now = context.options.clock();
    const row = await getReviewItem(context.dataSource.manager, id);
    if (row.status === 'decided') throw alreadyDecided(row);
    if (!holdsLease(row, actor.principal.keyId, now)) throw leaseNotHeld(row);
    const after: ReviewItemEntity = { ...row, leaseExpiresAt: new Date(now.getTime() + leaseMs), revision: row.revision + 1 };
    await context.dataSource.transaction(async (manager) => {
      await conditionalUpdate(manager, row, { leaseExpiresAt: after.leaseExpiresAt });
      await audit(manager, 'review.renew', row, after, actor, now);
    });
    return after;
  });
}

/**
 * Gives the item back to its queue. Allowed to the reviewer who claimed it while nobody else has
 * taken it over, even after the lease ran out.
 */
export async function releaseItem(context: ReviewContext, id: string, actor: RequestActor): Promise<ReviewItemEntity> {
  return context.run('review.release', async () => {
    const now = context.options.clock();
    const row = await getReviewItem(context.dataSource.manager, id);
    if (row.status === 'decided') throw alreadyDecided(row);
    if (row.status !== 'claimed' || row.claimedBy !== actor.principal.keyId) throw leaseNotHeld(row);
    const after: ReviewItemEntity = { ...row, status: 'pending', claimedBy: null, claimedAt: null, leaseExpiresAt: null, revision: row.revision + 1 };
    await context.dataSource.transaction(async (manager) => {
      await conditionalUpdate(manager, row, { status: 'pending', claimedBy: null, claimedAt: null, leaseExpiresAt: null });
      await audit(manager, 'review.release', row, after, actor, now);
    });
    return after;
  });
}

async function claimOnSqlite(
  context: ReviewContext,
  queue: string,
  order: QueueOrder,
  actor: RequestActor,
  now: Date,
  leaseMs: number,
): Promise<ReviewItemEntity | null | 'lost'> {
  // Read outside the transaction, so the transaction's first statement is the write: SQLite then
  // takes the write lock at once instead of failing to upgrade a read lock (see DecisionRepository).
  const candidate = await findCandidate(context.dataSource.manager, queue, order, actor.principal.keyId, now, false);
  if (!candidate) return null;
  return context.dataSource.transaction((manager) => take(manager, candidate, actor, now, leaseMs));
}

/** The item the caller already holds in the queue, if any. */
async function heldItem(manager: EntityManager, queue: string, reviewerId: string, now: Date): Promise<ReviewItemEntity | null> {
  return manager
    .getRepository(ReviewItemEntity)
    .createQueryBuilder('i')
    .where('i.queue = :queue', { queue })
    .andWhere(`i.status = 'claimed'`)
    .andWhere('i.claimedBy = :reviewerId', { reviewerId })
    .andWhere('i.leaseExpiresAt > :now', { now: toUtcText(now) })
    .orderBy('i.claimedAt', 'ASC')
    .limit(1)
    .getOne();
}

async function findCandidate(manager: EntityManager, queue: string, order: QueueOrder, reviewerId: string, now: Date, lock: boolean): Promise<ReviewItemEntity | null> {
  const query = manager
    .getRepository(ReviewItemEntity)
    .createQueryBuilder('i')
    .where('i.queue = :queue', { queue })
    .andWhere(`(i.status = 'pending' OR (i.status = 'claimed' AND i.leaseExpiresAt <= :now))`, { now: toUtcText(now) })
    .andWhere('i.excludedReviewers NOT LIKE :excluded', { excluded: exclusionPattern(reviewerId) });
  if (order === 'priority') query.orderBy('i.rank', 'DESC').addOrderBy('i.createdAt', 'ASC');
  else query.orderBy('i.createdAt', 'ASC');
  query.addOrderBy('i.id', 'ASC').limit(1);
  if (lock) query.setLock('pessimistic_write').setOnLocked('skip_locked');
  return query.getOne();
}

/** Takes the candidate if it is still as read; 'lost' when another claimer got there first. */
async function take(manager: EntityManager, candidate: ReviewItemEntity, actor: RequestActor, now: Date, leaseMs: number): Promise<ReviewItemEntity | 'lost'> {
  const after: ReviewItemEntity = {
    ...candidate,
    status: 'claimed',
    claimedBy: actor.principal.keyId,
    claimedAt: now,
    leaseExpiresAt: new Date(now.getTime() + leaseMs),
    revision: candidate.revision + 1,
  };
  const taken = await tryConditionalUpdate(manager, candidate, {
    status: after.status,
    claimedBy: after.claimedBy,
    claimedAt: after.claimedAt,
    leaseExpiresAt: after.leaseExpiresAt,
  });
  if (!taken) return 'lost';
  // The "before" state shows a previous holder whose lease had run out, when there was one.
  await audit(manager, 'review.claim', candidate, after, actor, now);
  return after;
}

/** Updates the row only if nobody changed it since it was read; false when somebody did. */
export async function tryConditionalUpdate(manager: EntityManager, row: ReviewItemEntity, changes: Partial<ReviewItemEntity>): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(ReviewItemEntity)
    .set({ ...changes, revision: () => '"revision" + 1' })
    .where('"id" = :id AND "revision" = :revision', { id: row.id, revision: row.revision })
    .updateEntity(false)
    .execute();
  return result.affected === 1;
}

/** {@link tryConditionalUpdate}, refusing with ReviewLeaseNotHeld when the row changed meanwhile. */
export async function conditionalUpdate(manager: EntityManager, row: ReviewItemEntity, changes: Partial<ReviewItemEntity>): Promise<void> {
  if (!(await tryConditionalUpdate(manager, row, changes))) throw leaseNotHeld(row);
}

async function audit(
  manager: EntityManager,
  action: 'review.claim' | 'review.renew' | 'review.release',
  before: ReviewItemEntity,
  after: ReviewItemEntity,
  actor: RequestActor,
  now: Date,
): Promise<void> {
  await appendAuditEvent(manager, {
    actor: auditActorOf(actor.principal),
    action,
    subjectType: 'review_item',
    subjectId: before.id,
    before: itemAuditState(before),
    after: itemAuditState(after),
    at: now,
    requestId: actor.requestId,
  });
}

function checkLease(seconds: number): number {
  if (!(Number.isInteger(seconds) && seconds >= LEASE_BOUNDS.min && seconds <= LEASE_BOUNDS.max)) {
    throw invalid('leaseSeconds', `must be a whole number from ${LEASE_BOUNDS.min} to ${LEASE_BOUNDS.max}`);
  }
  return seconds;
}

function invalid(field: string, reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: ${field}: ${reason}`, { errors: [{ field, reasons: [reason] }] });
}

import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditRepository, RequestActor, auditActorOf } from '../access';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { toUtcText } from '../../shared/database/utc-text';
import { ReviewItemRepository } from './review-item.repository';
import { alreadyDecided, exclusionPattern, holdsLease, itemAuditState, leaseNotHeld } from './review-item-rows';
import { ReviewQueueRepository } from './review-queue.repository';
import { QueueOrder } from './review-types';

/** How often a claim retries after losing a race for its candidate (only other processes on SQLite). */
const CLAIM_ATTEMPTS = 5;

/** A claim as the repository takes it: a checked queue name and lease, at a given time. */
export interface ClaimRequest {
  readonly queue: string;
  readonly actor: RequestActor;
  readonly now: Date;
  readonly leaseMs: number;
  /** The serving order of a queue an admin has not configured. */
  readonly defaultOrder: QueueOrder;
  /** Item ids (lower case) never to hand back, not even one the caller holds. */
  readonly exclude: readonly string[];
}

/**
 * Leases on review items: claiming the next item of a queue, renewing and releasing a claim.
 *
 * No two reviewers ever hold the same item:
 * - PostgreSQL: the candidate is selected `FOR UPDATE SKIP LOCKED` inside the claiming
 *   transaction, so concurrent claimers lock different rows and never wait on each other;
 * - SQLite: work on a data source is serialised (one connection), and the update is conditional
 *   on the revision read, so a claim by another process in between makes it try the next item.
 */
export class ReviewLeaseRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Claims the next available item of the queue (pending, or claimed with an expired lease, and the
   * caller not among its excluded reviewers), or null when there is none. A caller that already
   * holds a live item in the queue gets that item back (a reloaded console does not strand it),
   * unless the item is in `request.exclude`.
   */
  claim(request: ClaimRequest): Promise<ReviewItemEntity | null> {
    const { queue, actor, now } = request;
    return this.database.run('review.claim', async () => {
      const manager = this.database.dataSource.manager;
      const held = await heldItem(manager, queue, actor.principal.keyId, now, request.exclude);
      if (held) return held;
      const order = await ReviewQueueRepository.orderOf(manager, queue, request.defaultOrder);
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const outcome = this.database.sqlite ? await this.claimOnSqlite(request, order) : await this.claimOnPostgres(request, order);
        if (outcome !== 'lost') return outcome;
      }
      return null;
    });
  }

  /** Extends the caller's live lease to `leaseMs` from now. */
  renew(id: string, actor: RequestActor, now: Date, leaseMs: number): Promise<ReviewItemEntity> {
    return this.database.run('review.renew', async () => {
      const row = await ReviewItemRepository.get(this.database.dataSource.manager, id);
      if (row.status === 'decided') throw alreadyDecided(row);
      if (!holdsLease(row, actor.principal.keyId, now)) throw leaseNotHeld(row);
      const after: ReviewItemEntity = { ...row, leaseExpiresAt: new Date(now.getTime() + leaseMs), revision: row.revision + 1 };
      await this.database.dataSource.transaction(async (manager) => {
        await ReviewItemRepository.update(manager, row, { leaseExpiresAt: after.leaseExpiresAt });
        await audit(manager, 'review.renew', row, after, actor, now);
      });
      return after;
    });
  }

  /**
   * Gives the item back to its queue. Allowed to the reviewer who claimed it while nobody else has
   * taken it over, even after the lease ran out.
   */
  release(id: string, actor: RequestActor, now: Date): Promise<ReviewItemEntity> {
    return this.database.run('review.release', async () => {
      const row = await ReviewItemRepository.get(this.database.dataSource.manager, id);
      if (row.status === 'decided') throw alreadyDecided(row);
      if (row.status !== 'claimed' || row.claimedBy !== actor.principal.keyId) throw leaseNotHeld(row);
      const after: ReviewItemEntity = { ...row, status: 'pending', claimedBy: null, claimedAt: null, leaseExpiresAt: null, revision: row.revision + 1 };
      await this.database.dataSource.transaction(async (manager) => {
        await ReviewItemRepository.update(manager, row, { status: 'pending', claimedBy: null, claimedAt: null, leaseExpiresAt: null });
        await audit(manager, 'review.release', row, after, actor, now);
      });
      return after;
    });
  }

  private claimOnPostgres(request: ClaimRequest, order: QueueOrder): Promise<ReviewItemEntity | null | 'lost'> {
    return this.database.dataSource.transaction(async (manager) => {
      const candidate = await findCandidate(manager, request, order, true);
      return candidate ? take(manager, candidate, request) : null;
    });
  }

  private async claimOnSqlite(request: ClaimRequest, order: QueueOrder): Promise<ReviewItemEntity | null | 'lost'> {
    // Read outside the transaction, so the transaction's first statement is the write: SQLite then
    // takes the write lock at once instead of failing to upgrade a read lock (see DecisionRepository).
    const candidate = await findCandidate(this.database.dataSource.manager, request, order, false);
    if (!candidate) return null;
    return this.database.dataSource.transaction((manager) => take(manager, candidate, request));
  }
}

/** The item the caller already holds in the queue, if any. */
function heldItem(manager: EntityManager, queue: string, reviewerId: string, now: Date, exclude: readonly string[]): Promise<ReviewItemEntity | null> {
  const query = manager
    .getRepository(ReviewItemEntity)
    .createQueryBuilder('i')
    .where('i.queue = :queue', { queue })
    .andWhere(`i.status = 'claimed'`)
    .andWhere('i.claimedBy = :reviewerId', { reviewerId })
    .andWhere('i.leaseExpiresAt > :now', { now: toUtcText(now) });
  excluding(query, exclude);
  return query.orderBy('i.claimedAt', 'ASC').limit(1).getOne();
}

/** Leaves out the listed items (ids are UUIDs, compared as the lower-case text they are stored as). */
function excluding(query: SelectQueryBuilder<ReviewItemEntity>, exclude: readonly string[]): void {
  if (exclude.length > 0) query.andWhere('i.id NOT IN (:...excludedIds)', { excludedIds: exclude });
}

function findCandidate(manager: EntityManager, request: ClaimRequest, order: QueueOrder, lock: boolean): Promise<ReviewItemEntity | null> {
  const query = manager
    .getRepository(ReviewItemEntity)
    .createQueryBuilder('i')
    .where('i.queue = :queue', { queue: request.queue })
    .andWhere(`(i.status = 'pending' OR (i.status = 'claimed' AND i.leaseExpiresAt <= :now))`, { now: toUtcText(request.now) })
    .andWhere('i.excludedReviewers NOT LIKE :excluded', { excluded: exclusionPattern(request.actor.principal.keyId) });
  excluding(query, request.exclude);
  if (order === 'priority') query.orderBy('i.rank', 'DESC').addOrderBy('i.createdAt', 'ASC');
  else query.orderBy('i.createdAt', 'ASC');
  query.addOrderBy('i.id', 'ASC').limit(1);
  if (lock) query.setLock('pessimistic_write').setOnLocked('skip_locked');
  return query.getOne();
}

/** Takes the candidate if it is still as read; 'lost' when another claimer got there first. */
async function take(manager: EntityManager, candidate: ReviewItemEntity, request: ClaimRequest): Promise<ReviewItemEntity | 'lost'> {
  const { actor, now } = request;
  const after: ReviewItemEntity = {
    ...candidate,
    status: 'claimed',
    claimedBy: actor.principal.keyId,
    claimedAt: now,
    leaseExpiresAt: new Date(now.getTime() + request.leaseMs),
    revision: candidate.revision + 1,
  };
  const taken = await ReviewItemRepository.tryUpdate(manager, candidate, {
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

async function audit(
  manager: EntityManager,
  action: 'review.claim' | 'review.renew' | 'review.release',
  before: ReviewItemEntity,
  after: ReviewItemEntity,
  actor: RequestActor,
  now: Date,
): Promise<void> {
  await AuditRepository.append(manager, {
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

import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { ModerationError } from '../../engine/errors/moderation-error';
import { deepFreeze } from '../../engine/policy/deep-freeze';
import { Policy } from '../../engine/policy/policy.types';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { PolicyVersionEntity } from '../../database/entities/policy-version.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { whereCreatedWithin } from '../../shared/database/created-within';
import { DecisionCursor, decodeDecisionCursor, encodeDecisionCursor, isDecisionId } from '../../shared/database/cursor';
import { toUtcText } from '../../shared/database/utc-text';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { checkRecordInput } from './check-record-input';
import { DecisionHooks } from './decision-hooks';
import { assertValidDates, clampLimit } from './decision-list-query';
import { toCategoryRows, toDecisionRow, toPolicyVersionRow, toStoredDecision } from './decision-rows';
import { DecisionFilter, DecisionPage, RecordDecisionInput, ReuseKey, StoredDecision } from './decision.types';

export { MAX_PAGE_SIZE } from './decision-list-query';

/**
 * The decision log: records every decision with what is needed to explain and replay it, and
 * reads decisions back. The Nest module, the queue worker and the tuning tools share it.
 *
 * Errors: ModerationError ValidationFailed (bad input or cursor), DecisionNotFound (getById),
 * DatabaseUnavailable (the database cannot be reached); other errors are bugs.
 */
export class DecisionRepository {
  /** Snapshots never change once written, so each is read from the database at most once. */
  private readonly snapshots = new Map<string, Policy>();

  constructor(
    private readonly database: ModerationDatabase,
    /** Run inside every recording transaction (see DecisionRecordHook). */
    private readonly hooks: DecisionHooks = new DecisionHooks(),
  ) {}

  /**
   * Stores the decision, its categories and (on first use) the policy snapshot in one transaction.
   * Concurrent first uses of a policy version are safe: the snapshot insert ignores duplicates.
   * Returns the decision as {@link findById} will return it.
   */
  async record(input: RecordDecisionInput): Promise<StoredDecision> {
    const value = checkRecordInput(input);
    if (value.idempotencyKey !== null) {
      // A retry racing its original: whichever inserts second gets the first one's decision.
      const existing = await this.findByIdempotencyKey(value.idempotencyKey);
      if (existing) return existing;
    }
    if (value.jobId !== null) {
      // The same job run again (a worker died after recording): the first decision stands.
      const existing = await this.findByJobId(value.jobId);
      if (existing) return existing;
    }
    const decisionRow = toDecisionRow(value);
    const categoryRows = toCategoryRows(value.id, input.decision.categories);
    const snapshotRow = toPolicyVersionRow(input.policy, value.createdAt);
    const stored = toStoredDecision(decisionRow, categoryRows, input.policy.categories.map((category) => category.id));
    const write = this.database.transaction('record', async (manager: EntityManager) => {
      // The snapshot insert goes first because it is a write: on SQLite the transaction then
      // takes the write lock at its first statement, waiting under the busy timeout, instead of
      // holding a read lock that cannot be upgraded when another process writes meanwhile.
      await manager.createQueryBuilder().insert().into(PolicyVersionEntity).values(snapshotRow).orIgnore().updateEntity(false).execute();
      await manager.createQueryBuilder().insert().into(DecisionEntity).values(decisionRow).updateEntity(false).execute();
      if (categoryRows.length > 0) {
        await manager.createQueryBuilder().insert().into(DecisionCategoryEntity).values(categoryRows).updateEntity(false).execute();
      }
      for (const hook of this.hooks.list()) await hook(manager, { decision: stored, input });
    });
    try {
      await write;
    } catch (error) {
      const winner = value.idempotencyKey === null ? null : await this.findByIdempotencyKey(value.idempotencyKey);
      if (winner) return winner;
      // Two runs of one job racing (a stalled worker that was still alive): the loser's insert hit
      // the unique index and its transaction rolled back; the winner's decision is the answer.
      const jobWinner = value.jobId === null ? null : await this.findByJobId(value.jobId);
      if (jobWinner) return jobWinner;
      throw error;
    }
    this.hooks.recorded(stored);
    return stored;
  }

  /** The decision with that id, or null (also for ids that are not UUIDs). */
  async findById(id: string): Promise<StoredDecision | null> {
    const normalised = id.toLowerCase();
    if (!isDecisionId(normalised)) return null;
    return this.database.run('findById', async () => {
      const row = await this.database.dataSource.getRepository(DecisionEntity).findOne({ where: { id: normalised } });
      return row ? (await this.hydrate([row]))[0]! : null;
    });
  }

  /** The decision recorded with this idempotency key, or null. */
  async findByIdempotencyKey(key: string): Promise<StoredDecision | null> {
    return this.database.run('findByIdempotencyKey', async () => {
      const row = await this.database.dataSource.getRepository(DecisionEntity).findOne({ where: { idempotencyKey: key } });
      return row ? (await this.hydrate([row]))[0]! : null;
    });
  }

  /** The decision recorded by this queue job, or null. */
  async findByJobId(jobId: string): Promise<StoredDecision | null> {
    return this.database.run('findByJobId', async () => {
      const row = await this.database.dataSource.getRepository(DecisionEntity).findOne({ where: { jobId } });
      return row ? (await this.hydrate([row]))[0]! : null;
    });
  }

  /** The decision with that id; throws ModerationError DecisionNotFound when there is none. */
  async getById(id: string): Promise<StoredDecision> {
    const found = await this.findById(id);
    if (!found) throw new ModerationError(AppErrorCode.DecisionNotFound, `No decision with id "${id}"`, { id });
    return found;
  }

  /**
   * The newest enforce-mode decision for the same bytes, policy version and model, or null.
   * Shadow-mode decisions are never reused: nothing was enforced on them.
   */
  async findReusable(key: ReuseKey): Promise<StoredDecision | null> {
    return this.database.run('findReusable', async () => {
      const row = await this.database.dataSource
        .getRepository(DecisionEntity)
        .createQueryBuilder('d')
        .where('d.contentSha256 = :sha256', { sha256: key.sha256 })
        .andWhere('d.policyId = :policyId', { policyId: key.policyId })
        .andWhere('d.policyVersion = :policyVersion', { policyVersion: key.policyVersion })
        .andWhere('d.modelHash = :modelHash', { modelHash: key.modelHash })
        .andWhere('d.mode = :mode', { mode: 'enforce' })
        .andWhere(key.apiKeyId === undefined ? '1 = 1' : key.apiKeyId === null ? 'd.apiKeyId IS NULL' : 'd.apiKeyId = :apiKeyId', { apiKeyId: key.apiKeyId })
        .orderBy('d.createdAt', 'DESC')
        .addOrderBy('d.id', 'DESC')
        .limit(1)
        .getOne();
      return row ? (await this.hydrate([row]))[0]! : null;
    });
  }

  /**
   * Decisions matching `filter`, newest first (time, then id, so decisions made in the same
   * millisecond still have a fixed order). `limit` is clamped to 1..{@link MAX_PAGE_SIZE}; pass
   * `nextCursor` back as `cursor` for the next page. A cursor we did not hand out, a NaN limit or
   * an invalid date give ModerationError ValidationFailed.
   */
  async list(filter: DecisionFilter, page: { limit: number; cursor?: string }): Promise<DecisionPage> {
    const limit = clampLimit(page.limit);
    const cursor = page.cursor === undefined ? undefined : decodeDecisionCursor(page.cursor);
    assertValidDates(filter);
    return this.database.run('list', async () => {
      const query = this.database.dataSource.getRepository(DecisionEntity).createQueryBuilder('d');
      applyDecisionFilter(query, filter, cursor);
      // One extra row tells whether another page follows without a COUNT.
      const rows = await query.orderBy('d.createdAt', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getMany();
      const pageRows = rows.slice(0, limit);
      const last = pageRows[pageRows.length - 1];
      const nextCursor = rows.length > limit && last ? encodeDecisionCursor({ createdAt: last.createdAt, id: last.id }) : null;
      return { items: await this.hydrate(pageRows), nextCursor };
    });
  }

  /** The policy exactly as it was when a decision first used this version, or null. */
  async getPolicyVersion(policyId: string, version: string): Promise<Policy | null> {
    return this.database.run('getPolicyVersion', () => this.loadSnapshot(policyId, version));
  }

  /** Resolves when the database answers; throws ModerationError DatabaseUnavailable otherwise. */
  ping(): Promise<void> {
    return this.database.ping();
  }

  /** Attaches categories (in policy order) to decision rows. */
  private async hydrate(rows: readonly DecisionEntity[]): Promise<StoredDecision[]> {
    if (rows.length === 0) return [];
    const categoryRows = await this.database.dataSource.getRepository(DecisionCategoryEntity).find({ where: { decisionId: In(rows.map((row) => row.id)) } });
    const byDecision = new Map<string, DecisionCategoryEntity[]>();
    for (const categoryRow of categoryRows) {
      const list = byDecision.get(categoryRow.decisionId) ?? [];
      list.push(categoryRow);
      byDecision.set(categoryRow.decisionId, list);
    }
    const orders = new Map<string, readonly string[]>();
    for (const row of rows) {
      const key = snapshotKey(row.policyId, row.policyVersion);
      if (orders.has(key)) continue;
      const snapshot = await this.loadSnapshot(row.policyId, row.policyVersion);
      orders.set(key, snapshot ? snapshot.categories.map((category) => category.id) : []);
    }
    return rows.map((row) => toStoredDecision(row, byDecision.get(row.id) ?? [], orders.get(snapshotKey(row.policyId, row.policyVersion)) ?? []));
  }

  private async loadSnapshot(policyId: string, version: string): Promise<Policy | null> {
    const key = snapshotKey(policyId, version);
    const cached = this.snapshots.get(key);
    if (cached) return cached;
    const row = await this.database.dataSource.getRepository(PolicyVersionEntity).findOne({ where: { policyId, version } });
    if (!row) return null;
    // Shared between callers through the cache, so nobody may change it.
    const snapshot = deepFreeze(row.snapshot);
    this.snapshots.set(key, snapshot);
    return snapshot;
  }
}

function snapshotKey(policyId: string, version: string): string {
  return `${policyId}\u0000${version}`;
}

/** Category actions that count as "this category fired" for the `category` filter. */
const FLAGGED_ACTIONS = ['review', 'block'];

/** Adds the filter's conditions, and the cursor's position, to a query over decisions `d`. */
function applyDecisionFilter(query: SelectQueryBuilder<DecisionEntity>, filter: DecisionFilter, cursor: DecisionCursor | undefined): void {
  if (filter.policy !== undefined) query.andWhere('d.policyId = :policy', { policy: filter.policy });
  if (filter.action !== undefined) query.andWhere('d.action = :action', { action: filter.action });
  if (filter.subject !== undefined) query.andWhere('d.subject = :subject', { subject: filter.subject });
  if (filter.source !== undefined) query.andWhere('d.source = :source', { source: filter.source });
  if (filter.apiKeyId !== undefined) query.andWhere('d.apiKeyId = :apiKeyId', { apiKeyId: filter.apiKeyId });
  whereCreatedWithin(query, 'd', { since: filter.from, until: filter.to });
  if (filter.category !== undefined) {
    query.andWhere(
      (where) =>
        `EXISTS ${where
          .subQuery()
          .select('1')
          .from(DecisionCategoryEntity, 'c')
          .where('c.decisionId = d.id')
          .andWhere('c.categoryId = :category')
          .andWhere('c.action IN (:...flagged)')
          .getQuery()}`,
      { category: filter.category, flagged: FLAGGED_ACTIONS },
    );
  }
  if (cursor !== undefined) {
    // A row-value comparison, so both databases start the index scan right after the cursor
    // instead of reading and discarding every newer row.
    query.andWhere('(d.createdAt, d.id) < (:cursorAt, :cursorId)', { cursorAt: toUtcText(cursor.createdAt), cursorId: cursor.id });
  }
}

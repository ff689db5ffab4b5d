import { randomBytes } from 'node:crypto';
import type { StoredDecision } from '../../core/decisions/decision.types';
import { FactFilter } from './index/decision-facts';
import { DecisionMatch, DecisionSearchLimits, SearchableDecision, SearchableDecisions } from './index/searchable-decisions';
import { CandidateRow, IndexRow, RecentId, SearchIndexRepository } from './search-index.repository';

/** Where the index comes from and how it stays current. */
export interface DecisionSearchIndexOptions {
  readonly repository: SearchIndexRepository;
  /** Only decisions made with this model (its configured id) are indexed: other models' embeddings mean nothing to this one's. */
  readonly modelId: string;
  /** Names the database (no credentials): a snapshot of another database is not restored. */
  readonly database?: string;
  /** Folder of the snapshot files; unset: none is read or written. */
  readonly snapshotDir?: string;
  /** False: the snapshot is read but never written (the CLI, beside a running server). Default true. */
  readonly writeSnapshots?: boolean;
  readonly lookbackMs: number;
  readonly pageSize: number;
  readonly log?: { log(line: string): void; warn(line: string): void };
  /** The current time, ms (tests). */
  readonly clock?: () => number;
}

/** What the index holds and where it came from, for logs and tests. */
export interface DecisionSearchIndexStatus {
  readonly loaded: boolean;
  readonly decisions: number;
  readonly memoryBytes: number;
  /** `snapshot`: restored from the snapshot files, then caught up; `database`: built from every row. */
  readonly source: 'snapshot' | 'database' | null;
  /** Decisions read from the database since the load began (all of them for `database`). */
  readonly readFromDatabase: number;
}

/** The high-water marks kept in a snapshot, with the model they belong to. */
interface SnapshotMark {
  readonly model: string;
  readonly database?: string;
  readonly decisions: string;
  readonly verdicts: string;
}

/** Ids read from the (created_at, id) index per query while catching up. */
const RECENT_PAGE = 5000;
/** Decisions recorded during the load that are kept to add when it ends. */
const MAX_PENDING = 10_000;

function toSearchable(row: IndexRow): SearchableDecision {
  return { id: row.id, decidedAtMs: Date.parse(row.createdAt), policyId: row.policyId, action: row.action, reviewed: row.reviewed, embedding: row.embedding };
}

const later = (a: string, b: string): string => (a > b ? a : b);

/**
 * Every enforce-mode decision, searchable by embedding (the search of past traffic). Loaded once:
 * from the snapshot files when there are some (then only decisions newer than their high-water
 * mark are read), else from every row, a page at a time. Kept current by {@link recorded} (this
 * process's decisions, as they commit) and {@link refresh} (decisions workers and other servers
 * recorded, and closed reviews, read from the database after the marks, looking back `lookbackMs`
 * for late commits). Decisions are never purged by this app; {@link remove} takes one out.
 */
export class DecisionSearchIndex {
  private decisions = new SearchableDecisions();
  private loaded = false;
  private loading: Promise<void> | null = null;
  /** Decisions recorded while the load ran, added once it is done. */
  private pending: StoredDecision[] = [];
  /** The newest decision time and verdict time read from the database (UTC text; '' for none). */
  private decisionMark = '';
  private verdictMark = '';
  /** Ids read but not indexed (shadow mode, another model), by time, so a refresh does not read them twice. */
  private readonly skipped = new Map<string, number>();
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private writing: Promise<boolean> | null = null;
  private source: DecisionSearchIndexStatus['source'] = null;
  private readFromDatabase = 0;
  private readonly clock: () => number;

  constructor(private readonly options: DecisionSearchIndexOptions) {
    this.clock = options.clock ?? Date.now;
  }

  status(): DecisionSearchIndexStatus {
    return { loaded: this.loaded, decisions: this.decisions.size, memoryBytes: this.decisions.memoryBytes, source: this.source, readFromDatabase: this.readFromDatabase };
  }

  /** Resolves once the index is loaded; a load that failed is tried again. */
  ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** Tells the index of a decision this process just recorded (DecisionHooks.onRecorded). */
  recorded(decision: StoredDecision): void {
    if (this.loaded) this.addRecorded(decision);
    // Bounded: the first refresh after the load reads whatever was left out here.
    else if (this.pending.length < MAX_PENDING) this.pending.push(decision);
  }

  /**
   * Reads the decisions and verdicts recorded since the marks. Calls made while one runs share the
   * one that starts after it, so each caller sees everything committed before it called.
   */
  refresh(): Promise<void> {
    if (!this.loaded) return this.ready();
    if (this.queued) return this.queued;
    const next = (this.running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        this.running = next;
        return this.catchUp();
      })
      .finally(() => {
        if (this.running === next) this.running = null;
      });
    this.queued = next;
    return next;
  }

  /** The most similar decisions `filter` keeps, best first, after loading and refreshing. */
  async search(query: Float32Array, filter: FactFilter, limits: DecisionSearchLimits): Promise<DecisionMatch[]> {
    await this.ready();
    await this.refresh();
    return this.decisions.search(query, filter, limits);
  }

  /** Takes a decision out of the index (one that no longer exists); false when it was not there. */
  remove(id: string): boolean {
    return this.decisions.remove(id);
  }

  /**
   * Refreshes, then writes the snapshot (when a folder is set, writing is on, and the index holds
   * something). A write already under way is waited for instead of starting another.
   */
  async writeSnapshot(): Promise<boolean> {
    const { snapshotDir, writeSnapshots } = this.options;
    if (!this.loaded || snapshotDir === undefined || writeSnapshots === false) return false;
    if (this.writing) return this.writing;
    this.writing = (async () => {
      await this.refresh();
      const mark: SnapshotMark & { token: string } = { model: this.options.modelId, database: this.options.database, decisions: this.decisionMark, verdicts: this.verdictMark, token: randomBytes(8).toString('hex') };
      return this.decisions.writeSnapshot(snapshotDir, JSON.stringify(mark));
    })().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async load(): Promise<void> {
    const started = new Date(this.clock()).toISOString();
    const restored = await this.restore();
    if (!restored) await this.build(started);
    await this.catchUp();
    this.loaded = true;
    for (const decision of this.pending.splice(0)) this.addRecorded(decision);
    const { decisions, memoryBytes } = this.status();
    this.options.log?.log(
      `search index: ${decisions} decisions (${(memoryBytes / 1048576).toFixed(1)} MiB), ` +
        (this.source === 'snapshot' ? `restored from the snapshot and ${this.readFromDatabase} read from the database` : 'built from the database'),
    );
  }

  /** Restores the snapshot; false when there is none, it is damaged, or it was made for another model. */
  private async restore(): Promise<boolean> {
    const dir = this.options.snapshotDir;
    if (dir === undefined) return false;
    try {
      const snapshot = await SearchableDecisions.readSnapshot(dir);
      if (!snapshot) return false;
      const mark = JSON.parse(snapshot.mark) as Partial<SnapshotMark>;
      if (mark.model !== this.options.modelId || mark.database !== this.options.database || typeof mark.decisions !== 'string' || typeof mark.verdicts !== 'string') {
        this.options.log?.log(`search index: the snapshot in ${dir} was made for another model or database; reading every decision instead`);
        return false;
      }
      this.decisions = snapshot.decisions;
      this.decisionMark = mark.decisions;
      this.verdictMark = mark.verdicts;
      this.source = 'snapshot';
      return true;
    } catch (error) {
      this.options.log?.warn(`search index: cannot use the snapshot (${error instanceof Error ? error.message : String(error)}); reading every decision instead`);
      return false;
    }
  }

  /** Reads every indexed decision; verdicts are then read from when the build started. */
  private async build(started: string): Promise<void> {
    const { repository, modelId, pageSize } = this.options;
    this.decisions = new SearchableDecisions();
    for await (const rows of repository.pages(modelId, pageSize)) {
      if (rows.length === 0) continue;
      for (const row of rows) this.decisions.put(toSearchable(row));
      this.readFromDatabase += rows.length;
      const last = rows[rows.length - 1]!.createdAt;
      this.decisionMark = later(this.decisionMark, last < started ? last : started);
    }
    this.verdictMark = started;
    this.source = 'database';
  }

  /** Adds the decisions recorded since the mark that the index lacks, then the verdicts given since the other. */
  private async catchUp(): Promise<void> {
    const { repository, lookbackMs } = this.options;
    const since = (mark: string): string => (mark === '' ? '' : new Date(Math.max(0, Date.parse(mark) - lookbackMs)).toISOString());
    // A writer whose clock runs ahead must not carry the mark past rows that other writers stamp now.
    const now = new Date(this.clock()).toISOString();
    let after: RecentId | undefined;
    for (;;) {
      const recent = await repository.recentIds(since(this.decisionMark), after, RECENT_PAGE);
      const missing = recent.filter((row) => !this.decisions.has(row.id) && !this.skipped.has(row.id)).map((row) => row.id);
      if (missing.length > 0) for (const row of await repository.rowsByIds(missing)) this.addRead(row);
      if (recent.length === 0) break;
      after = recent[recent.length - 1]!;
      this.decisionMark = later(this.decisionMark, after.createdAt < now ? after.createdAt : now);
      if (recent.length < RECENT_PAGE) break;
    }
    const forgetBefore = Date.parse(since(this.decisionMark) || '1970-01-01T00:00:00.000Z');
    for (const [id, at] of this.skipped) if (at < forgetBefore) this.skipped.delete(id);
    // Verdicts are few, so their mark is the time of the read: a quiet week is not read again and again.
    const readAt = new Date(this.clock()).toISOString();
    const verdicts = await repository.verdictsSince(since(this.verdictMark));
    for (const id of verdicts.decisionIds) this.decisions.markReviewed(id);
    this.verdictMark = later(readAt, verdicts.newest ?? '');
  }

  private addRead(row: CandidateRow): void {
    this.readFromDatabase += 1;
    if (row.mode === 'enforce' && row.modelId === this.options.modelId && this.decisions.put(toSearchable(row))) return;
    this.skipped.set(row.id, Date.parse(row.createdAt));
  }

  private addRecorded(decision: StoredDecision): void {
    if (decision.mode !== 'enforce' || decision.model.id !== this.options.modelId) return;
    this.decisions.put({
      id: decision.id,
      decidedAtMs: Date.parse(decision.decidedAt),
      policyId: decision.policy.id,
      action: decision.action,
      reviewed: decision.review !== null,
      embedding: Float32Array.from(decision.embedding),
    });
  }
}

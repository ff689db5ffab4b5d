import { ModerationDatabase } from '../../../database/moderation-database';
import { endianness } from 'node:os';
import { ModerationAction, mostSevereAction } from '../../../engine/policy/moderation-action';
import { DecisionMode } from '../../../core/decisions/decision.types';
import { DecisionCategoryEntity } from '../../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../../database/entities/decision.entity';
import { whereCreatedWithin } from '../../../shared/database/created-within';
import { NO_ACTION, actionCode } from '../../../tuning/replay/action-codes';
import { StoredDecisionPage } from '../../../tuning/replay/stored-decision-page';
import type { KnownContentMatch } from '../../../engine/scoring/known-content-match';

/** Which stored decisions to read. */
export interface StoredDecisionQuery {
  readonly policyId: string;
  /** Only decisions made with this model: embeddings of another model cannot meet this one's prompts. */
  readonly modelHash: string;
  /** Decided at or after. */
  readonly since?: Date;
  /** Decided strictly before. */
  readonly until?: Date;
  /**
   * Modes to include; default enforce only. A shadow-mode decision is a second look at an image
   * already decided in enforce mode, so counting both would count the image twice.
   */
  readonly modes?: readonly DecisionMode[];
  /** Decisions per page; default 2000 (a few MB of embeddings for ViT-B/32). */
  readonly pageSize?: number;
}

interface DecisionRow {
  id: string;
  createdAt: string;
  action: ModerationAction;
  embedding: string;
  frameEmbeddings: string | null;
  /** JSON of the bank matches (hash and embedding; only their actions are read here); null when none. */
  matches: string | null;
}


/** The (created_at, id) index of moderation_decisions (see decision.entity.ts), which keyset paging walks. */
const TIME_ORDER_INDEX = 'idx_moderation_decisions_created_at_id';
const FROM_DECISIONS = 'FROM "moderation_decisions" "d"';
const LITTLE_ENDIAN = endianness() === 'LE';

/** Stored decisions as the tuning tools read them: pages of embeddings and actions, and counts. */
export class StoredDecisionRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Streams stored decisions oldest first, a page at a time, with their embeddings decoded straight
   * into the Float32Array layout replay scores from. It reads the decision log's tables directly
   * (two plain queries per page, keyset-paginated on the (created_at, id) index) instead of going
   * through DecisionRepository.list, which hydrates full decision objects 200 at a time: fine for an
   * API, far too slow for replaying a hundred thousand decisions.
   *
   * On SQLite each query waits its turn with the store's own work (same data source), so a page is
   * never read halfway through another caller's transaction. Unreachable databases surface as
   * ModerationError DatabaseUnavailable, as everywhere else.
   */
  async *pages(query: StoredDecisionQuery): AsyncGenerator<StoredDecisionPage> {
    const pageSize = Math.max(1, Math.trunc(query.pageSize ?? 2000));
    let cursor: { createdAt: string; id: string } | undefined;
    for (;;) {
      const rows = await this.database.run('replay', () => this.pageRows(query, cursor, pageSize));
      if (rows.length === 0) return;
      const categoryRows = await this.database.run('replay', () =>
        this.database.dataSource
          .createQueryBuilder()
          .select('c.decisionId', 'decisionId')
          .addSelect('c.categoryId', 'categoryId')
          .addSelect('c.action', 'action')
          .from(DecisionCategoryEntity, 'c')
          .where('c.decisionId IN (:...ids)', { ids: rows.map((row) => row.id) })
          .getRawMany<{ decisionId: string; categoryId: string; action: ModerationAction }>(),
      );
      yield toPage(rows, categoryRows);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  }

  /** How many decisions the query matches, and how many more it would if the model were ignored. */
  async count(query: StoredDecisionQuery): Promise<{ readonly matching: number; readonly otherModels: number }> {
    const count = (sameModel: boolean): Promise<number> =>
      this.database.run('replay', async () => {
        const builder = this.filtered(query, sameModel).select('COUNT(*)', 'count');
        return Number((await builder.getRawOne<{ count: string | number }>())?.count ?? 0);
      });
    return { matching: await count(true), otherModels: await count(false) };
  }

  /**
   * One page of decision rows. Without statistics SQLite's planner picks the policy_id index and
   * then sorts every matching row, embeddings included, for every page: quadratic, about 7 s per
   * 100,000 decisions against 0.5 s when it walks the (created_at, id) index in order and stops at
   * the page size. So on SQLite the query names that index (INDEXED BY); PostgreSQL's cost-based
   * planner makes that choice itself for an ORDER BY … LIMIT.
   */
  private async pageRows(query: StoredDecisionQuery, cursor: { createdAt: string; id: string } | undefined, pageSize: number): Promise<DecisionRow[]> {
    const builder = this.pageQuery(query, cursor, pageSize);
    if (!this.database.sqlite) return builder.getRawMany<DecisionRow>();
    const [sql, parameters] = builder.getQueryAndParameters();
    // Should TypeORM ever write the FROM clause differently, the query still runs, only unhinted.
    const hinted = sql.replace(FROM_DECISIONS, `${FROM_DECISIONS} INDEXED BY "${TIME_ORDER_INDEX}"`);
    return this.database.dataSource.query(hinted, parameters) as Promise<DecisionRow[]>;
  }

  private pageQuery(query: StoredDecisionQuery, cursor: { createdAt: string; id: string } | undefined, pageSize: number) {
    const builder = this.filtered(query, true)
      .select('d.id', 'id')
      .addSelect('d.createdAt', 'createdAt')
      .addSelect('d.action', 'action')
      .addSelect('d.embedding', 'embedding')
      .addSelect('d.frameEmbeddings', 'frameEmbeddings')
      .addSelect('d.matches', 'matches');
    // Row-value comparison so the index scan starts right after the previous page.
    if (cursor) builder.andWhere('(d.createdAt, d.id) > (:cursorAt, :cursorId)', { cursorAt: cursor.createdAt, cursorId: cursor.id });
    return builder.orderBy('d.createdAt', 'ASC').addOrderBy('d.id', 'ASC').limit(pageSize);
  }

  private filtered(query: StoredDecisionQuery, sameModel: boolean) {
    const builder = this.database.dataSource
      .createQueryBuilder()
      .from(DecisionEntity, 'd')
      .where('d.policyId = :policyId', { policyId: query.policyId })
      .andWhere(sameModel ? 'd.modelHash = :modelHash' : 'd.modelHash <> :modelHash', { modelHash: query.modelHash })
      .andWhere('d.mode IN (:...modes)', { modes: [...(query.modes ?? ['enforce'])] })
      // Decisions a bank match made without the model have no embedding to replay.
      .andWhere("d.embedding <> ''");
    whereCreatedWithin(builder, 'd', query);
    return builder;
  }
}

function toPage(rows: readonly DecisionRow[], categoryRows: ReadonlyArray<{ decisionId: string; categoryId: string; action: ModerationAction }>): StoredDecisionPage {
  const decoded = rows.map((row) => Buffer.from(row.frameEmbeddings ?? row.embedding, 'base64'));
  const dim = Buffer.from(rows[0]!.embedding, 'base64').length / 4;
  const frameOffsets = new Int32Array(rows.length + 1);
  decoded.forEach((bytes, index) => {
    if (bytes.length === 0 || bytes.length % (dim * 4) !== 0) {
      throw new RangeError(`Decision ${rows[index]!.id} has ${bytes.length} bytes of embeddings, not whole frames of ${dim} values`);
    }
    frameOffsets[index + 1] = frameOffsets[index]! + bytes.length / (dim * 4);
  });
  const frames = new Float32Array(frameOffsets[rows.length]! * dim);
  const frameBytes = new Uint8Array(frames.buffer);
  decoded.forEach((bytes, index) => {
    const offset = frameOffsets[index]! * dim;
    // Stored little-endian: on a little-endian machine (all we expect) the bytes are the floats.
    if (LITTLE_ENDIAN) frameBytes.set(bytes, offset * 4);
    else for (let at = 0; at < bytes.length / 4; at++) frames[offset + at] = bytes.readFloatLE(at * 4);
  });
  const position = new Map(rows.map((row, index) => [row.id, index]));
  const categoryActions = new Map<string, Uint8Array>();
  for (const row of categoryRows) {
    let codes = categoryActions.get(row.categoryId);
    if (!codes) categoryActions.set(row.categoryId, (codes = new Uint8Array(rows.length).fill(NO_ACTION)));
    codes[position.get(row.decisionId)!] = actionCode(row.action);
  }
  return {
    count: rows.length,
    ids: rows.map((row) => row.id),
    decidedAt: rows.map((row) => row.createdAt),
    dim,
    frames,
    frameOffsets,
    actions: Uint8Array.from(rows, (row) => actionCode(row.action)),
    categoryActions,
    matchActions: Uint8Array.from(rows, (row) => matchActionCode(row.matches)),
  };
}

/** The action code a decision's stored bank matches demand: block or review count, report does not. */
function matchActionCode(matches: string | null): number {
  if (matches === null) return actionCode('allow');
  const actions = (JSON.parse(matches) as KnownContentMatch[]).flatMap((match) => (match.action === 'report' ? [] : [match.action]));
  return actionCode(mostSevereAction(actions));
}


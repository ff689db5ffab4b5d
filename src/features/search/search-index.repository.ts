import { endianness } from 'node:os';
import { In } from 'typeorm';
import type { AuditAction } from '../access';
import { AuditEventEntity } from '../../database/entities/audit-event.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { StoredImageEntity } from '../../database/entities/stored-image.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { ModerationAction } from '../../engine/policy/moderation-action';

/** What the search index keeps of one decision. */
export interface IndexRow {
  readonly id: string;
  /** Stored UTC text (`2026-01-15T10:20:30.123Z`). */
  readonly createdAt: string;
  readonly policyId: string;
  readonly action: ModerationAction;
  readonly reviewed: boolean;
  readonly embedding: Float32Array;
}

/** A recent decision by id and time only, read from the (created_at, id) index. */
export interface RecentId {
  readonly id: string;
  readonly createdAt: string;
}

/** A decision row read by id to join the index: indexed only in enforce mode and with the index's model. */
export type CandidateRow = IndexRow & { readonly mode: string; readonly modelId: string };

/** The columns a search hit shows, and whether the image's bytes are still kept. */
export type HitRow = Pick<
  DecisionEntity,
  'id' | 'createdAt' | 'subject' | 'source' | 'policyId' | 'policyVersion' | 'action' | 'triggered' | 'held' | 'reviewOutcome' | 'reviewedAt' | 'contentSha256'
> & { readonly imageRetained: boolean };

const LITTLE_ENDIAN = endianness() === 'LE';
/** Ids per `IN (...)` list, well inside both databases' parameter limits. */
const IN_CHUNK = 500;
const VERDICT: AuditAction = 'review.verdict';

/** The unit embedding stored as base64 little-endian float32, in a fresh (aligned) array. */
export function decodeEmbedding(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const values = new Float32Array(bytes.byteLength >> 2);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(0, values.length * 4));
  else for (let index = 0; index < values.length; index += 1) values[index] = bytes.readFloatLE(index * 4);
  return values;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IN_CHUNK) out.push(items.slice(start, start + IN_CHUNK));
  return out;
}

type IndexColumns = Pick<DecisionEntity, 'id' | 'createdAt' | 'policyId' | 'action' | 'reviewOutcome' | 'embedding'>;

function toIndexRow(row: IndexColumns): IndexRow {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    policyId: row.policyId,
    action: row.action,
    reviewed: row.reviewOutcome !== null,
    embedding: decodeEmbedding(row.embedding),
  };
}

/** The decision log as the search index reads it: every query of the search feature. */
export class SearchIndexRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Enforce-mode decisions made with `modelId`, oldest first, `pageSize` at a time, keyset-paged on
   * the (created_at, id) index; shadow-mode decisions are second looks at images already decided.
   */
  async *pages(modelId: string, pageSize: number): AsyncGenerator<IndexRow[]> {
    let after: RecentId | undefined;
    for (;;) {
      const rows = await this.database.run('search.build', () => {
        const query = this.database.dataSource
          .getRepository(DecisionEntity)
          .createQueryBuilder('d')
          .select(['d.id', 'd.createdAt', 'd.policyId', 'd.action', 'd.reviewOutcome', 'd.embedding'])
          .where('d.mode = :mode', { mode: 'enforce' })
          .andWhere('d.modelId = :modelId', { modelId });
        if (after) query.andWhere('(d.createdAt, d.id) > (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
        return query.orderBy('d.createdAt', 'ASC').addOrderBy('d.id', 'ASC').limit(pageSize).getMany();
      });
      if (rows.length > 0) yield rows.map(toIndexRow);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { id: last.id, createdAt: last.createdAt.toISOString() };
    }
  }

  /** Ids of decisions (every mode and model) created at or after `since`, oldest first, after `after`. */
  recentIds(since: string, after: RecentId | undefined, limit: number): Promise<RecentId[]> {
    return this.database.run('search.recent', async () => {
      const query = this.database.dataSource
        .createQueryBuilder()
        .select('d.id', 'id')
        .addSelect('d.createdAt', 'createdAt')
        .from(DecisionEntity, 'd')
        .where('d.createdAt >= :since', { since });
      if (after) query.andWhere('(d.createdAt, d.id) > (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
      return query.orderBy('d.createdAt', 'ASC').addOrderBy('d.id', 'ASC').limit(limit).getRawMany<RecentId>();
    });
  }

  /** The rows of `ids` (those that still exist), with their mode and model to decide whether they join the index. */
  rowsByIds(ids: readonly string[]): Promise<CandidateRow[]> {
    return this.database.run('search.rows', async () => {
      const found: CandidateRow[] = [];
      for (const part of chunks(ids)) {
        const rows = await this.database.dataSource.getRepository(DecisionEntity).find({
          select: { id: true, createdAt: true, policyId: true, action: true, reviewOutcome: true, embedding: true, mode: true, modelId: true },
          where: { id: In(part) },
        });
        for (const row of rows) found.push({ ...toIndexRow(row), mode: row.mode, modelId: row.modelId });
      }
      return found;
    });
  }

  /**
   * Decisions whose review closed with approve or remove at or after `since`, from the audit trail
   * (indexed by time, where the decision table has no index on its review columns), and the time
   * of the newest such verdict.
   */
  verdictsSince(since: string): Promise<{ decisionIds: string[]; newest: string | null }> {
    return this.database.run('search.verdicts', async () => {
      const events = await this.database.dataSource
        .createQueryBuilder()
        .select('e.subjectId', 'itemId')
        .addSelect('e.createdAt', 'createdAt')
        .from(AuditEventEntity, 'e')
        .where('e.createdAt >= :since', { since })
        .andWhere('e.action = :action', { action: VERDICT })
        .getRawMany<{ itemId: string; createdAt: string }>();
      if (events.length === 0) return { decisionIds: [], newest: null };
      const decisionIds: string[] = [];
      for (const part of chunks([...new Set(events.map((event) => event.itemId))])) {
        const items = await this.database.dataSource.getRepository(ReviewItemEntity).find({ select: { id: true, decisionId: true }, where: { id: In(part) } });
        decisionIds.push(...items.map((item) => item.decisionId));
      }
      const newest = events.reduce((latest, event) => (event.createdAt > latest ? event.createdAt : latest), events[0]!.createdAt);
      return { decisionIds, newest };
    });
  }

  /** The hit columns of `ids` (missing ones left out), with whether the image store still holds each image. */
  hits(ids: readonly string[]): Promise<HitRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.database.run('search.hits', async () => {
      const rows = await this.database.dataSource.getRepository(DecisionEntity).find({
        select: { id: true, createdAt: true, subject: true, source: true, policyId: true, policyVersion: true, action: true, triggered: true, held: true, reviewOutcome: true, reviewedAt: true, contentSha256: true },
        where: { id: In([...ids]) },
      });
      const hashes = [...new Set(rows.map((row) => row.contentSha256))];
      const images = hashes.length === 0 ? [] : await this.database.dataSource.getRepository(StoredImageEntity).find({ select: { sha256: true, purgedAt: true }, where: { sha256: In(hashes) } });
      const kept = new Set(images.filter((image) => image.purgedAt === null).map((image) => image.sha256));
      return rows.map((row) => ({ ...row, imageRetained: kept.has(row.contentSha256) }));
    });
  }

  /** The stored embedding of a decision (any mode) and the model that made it, or null when there is no such decision. */
  example(id: string): Promise<{ embedding: Float32Array; modelId: string } | null> {
    return this.database.run('search.example', async () => {
      const row = await this.database.dataSource.getRepository(DecisionEntity).findOne({ select: { id: true, embedding: true, modelId: true }, where: { id } });
      return row ? { embedding: decodeEmbedding(row.embedding), modelId: row.modelId } : null;
    });
  }
}

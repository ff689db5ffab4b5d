import { ModerationDatabase } from '../../../database/moderation-database';
import { randomUUID } from 'node:crypto';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { decodeDecisionCursor, encodeDecisionCursor, isDecisionId } from '../../../shared/database/cursor';
import { EvaluationEntity } from '../../../database/entities/evaluation.entity';
import { toUtcText } from '../../../shared/database/utc-text';
import { EvaluationReport } from '../../../tuning/evaluation/evaluation-report';
import { EvaluationSummary, StoredEvaluation } from './stored-evaluation';

/** Largest page of {@link EvaluationRepository.list}. */
export const MAX_EVALUATION_PAGE_SIZE = 100;

/** Who ran an evaluation and when. */
export interface EvaluationMeta {
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/**
 * Evaluations kept in `moderation_evaluations`, so a report can be opened again (and linked from
 * the review console) without evaluating again. Reports are kept whole, as JSON; the HTML is
 * rendered from them on request.
 */
export class EvaluationRepository {

  constructor(private readonly database: ModerationDatabase) {}

  /** Stores a reviewed-traffic evaluation under a new id. */
  async save(report: EvaluationReport, meta: EvaluationMeta): Promise<StoredEvaluation> {
    const window = report.set.window ?? { since: null, until: null };
    const row: EvaluationEntity = {
      id: randomUUID(),
      createdAt: meta.createdAt,
      createdBy: meta.createdBy,
      policyId: report.evaluation.policy.id,
      policyVersion: report.evaluation.policy.version,
      modelHash: report.evaluation.model.hash,
      since: window.since === null ? null : new Date(window.since),
      until: window.until === null ? null : new Date(window.until),
      examples: report.evaluation.examples.length,
      report: JSON.stringify(report),
    };
    await this.database.run('evaluation.save', () => this.database.dataSource.createQueryBuilder().insert().into(EvaluationEntity).values(row).updateEntity(false).execute());
    return { ...toSummary(row), report };
  }

  /** One evaluation with its report; EVALUATION_NOT_FOUND when there is none. */
  async get(id: string): Promise<StoredEvaluation> {
    const normalised = id.toLowerCase();
    const row = isDecisionId(normalised) ? await this.database.run('evaluation.get', () => this.database.dataSource.getRepository(EvaluationEntity).findOne({ where: { id: normalised } })) : null;
    if (!row) throw new ModerationError(AppErrorCode.EvaluationNotFound, `No evaluation with id "${id}"`, { id });
    return { ...toSummary(row), report: JSON.parse(row.report) as EvaluationReport };
  }

  /** Evaluations, newest first, optionally of one policy. */
  async list(filter: { readonly policyId?: string }, page: { readonly limit: number; readonly cursor?: string }): Promise<{ items: EvaluationSummary[]; nextCursor: string | null }> {
    const limit = Math.min(MAX_EVALUATION_PAGE_SIZE, Math.max(1, Math.trunc(page.limit)));
    const cursor = page.cursor === undefined ? undefined : decodeDecisionCursor(page.cursor);
    return this.database.run('evaluation.list', async () => {
      // The report column stays in the database: a listing needs only the summary.
      const query = this.database.dataSource
        .getRepository(EvaluationEntity)
        .createQueryBuilder('e')
        .select(['e.id', 'e.createdAt', 'e.createdBy', 'e.policyId', 'e.policyVersion', 'e.modelHash', 'e.since', 'e.until', 'e.examples']);
      if (filter.policyId !== undefined) query.andWhere('e.policyId = :policyId', { policyId: filter.policyId });
      if (cursor !== undefined) query.andWhere('(e.createdAt, e.id) < (:cursorAt, :cursorId)', { cursorAt: toUtcText(cursor.createdAt), cursorId: cursor.id });
      const rows = await query.orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1).getMany();
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toSummary), nextCursor: rows.length > limit && last ? encodeDecisionCursor({ createdAt: last.createdAt, id: last.id }) : null };
    });
  }
}

function toSummary(row: EvaluationEntity): EvaluationSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    policy: { id: row.policyId, version: row.policyVersion },
    modelHash: row.modelHash,
    window: { since: row.since?.toISOString() ?? null, until: row.until?.toISOString() ?? null },
    examples: row.examples,
  };
}

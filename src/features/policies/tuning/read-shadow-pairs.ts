import { DataSource } from 'typeorm';
import { ModerationAction } from '../../../engine/policy/moderation-action';
import { createDatabaseRunner } from '../../../shared/database/database-runner';
import { DecisionCategoryEntity } from '../../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../../database/entities/decision.entity';
import { toUtcTextBound } from '../../../shared/database/utc-text';
import { ReviewWindow } from '../../../tuning/reviewed/review-window';
import { ShadowPair } from '../../../tuning/shadow/shadow-pair';

/** Which shadow decisions to pair. */
export interface ShadowPairQuery extends ReviewWindow {
  /** The candidate version that ran in shadow. */
  readonly shadowVersion: string;
  /** Pairs per page; default 1000. */
  readonly pageSize?: number;
}

interface PairRow {
  shadowId: string;
  createdAt: string;
  shadowAction: ModerationAction;
  enforcedId: string;
  enforcedAction: ModerationAction;
  enforcedVersion: string;
}

/**
 * Streams the shadow-mode decisions of one candidate version, oldest first, each with the enforced
 * decision it accompanied (`shadow_of`) and both decisions' category actions. Keyset-paginated on
 * (created_at, id), so memory stays at one page.
 */
export async function* readShadowPairs(dataSource: DataSource, query: ShadowPairQuery): AsyncGenerator<ShadowPair[]> {
  const run = createDatabaseRunner(dataSource);
  const pageSize = Math.max(1, Math.trunc(query.pageSize ?? 1000));
  let cursor: { createdAt: string; id: string } | undefined;
  for (;;) {
    const rows = await run('tuning.shadow', () => pageOf(dataSource, query, cursor, pageSize));
    if (rows.length === 0) return;
    const ids = rows.flatMap((row) => [row.shadowId, row.enforcedId]);
    const categoryRows = await run('tuning.shadow', () =>
      dataSource
        .createQueryBuilder()
        .select('c.decisionId', 'decisionId')
        .addSelect('c.categoryId', 'categoryId')
        .addSelect('c.action', 'action')
        .from(DecisionCategoryEntity, 'c')
        .where('c.decisionId IN (:...ids)', { ids })
        .getRawMany<{ decisionId: string; categoryId: string; action: ModerationAction }>(),
    );
    const byDecision = new Map<string, Map<string, ModerationAction>>();
    for (const row of categoryRows) {
      let actions = byDecision.get(row.decisionId);
      if (!actions) byDecision.set(row.decisionId, (actions = new Map()));
      actions.set(row.categoryId, row.action);
    }
    yield rows.map((row) => ({
      enforcedId: row.enforcedId,
      shadowId: row.shadowId,
      decidedAt: row.createdAt,
      enforcedVersion: row.enforcedVersion,
      enforcedAction: row.enforcedAction,
      shadowAction: row.shadowAction,
      enforcedCategories: byDecision.get(row.enforcedId) ?? new Map(),
      shadowCategories: byDecision.get(row.shadowId) ?? new Map(),
    }));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.shadowId };
  }
}

function pageOf(dataSource: DataSource, query: ShadowPairQuery, cursor: { createdAt: string; id: string } | undefined, pageSize: number): Promise<PairRow[]> {
  const builder = dataSource
    .createQueryBuilder()
    .select('s.id', 'shadowId')
    .addSelect('s.createdAt', 'createdAt')
    .addSelect('s.action', 'shadowAction')
    .addSelect('e.id', 'enforcedId')
    .addSelect('e.action', 'enforcedAction')
    .addSelect('e.policyVersion', 'enforcedVersion')
    .from(DecisionEntity, 's')
    .innerJoin(DecisionEntity, 'e', 'e.id = s.shadowOf')
    .where('s.policyId = :policyId', { policyId: query.policyId })
    .andWhere('s.mode = :mode', { mode: 'shadow' })
    .andWhere('s.policyVersion = :version', { version: query.shadowVersion });
  // Times are stored as UTC text; hand-written conditions bypass the column transformer.
  if (query.since) {
    const since = toUtcTextBound(query.since);
    builder.andWhere(since === null ? '1 = 0' : 's.createdAt >= :since', { since });
  }
  if (query.until) {
    const until = toUtcTextBound(query.until);
    if (until !== null) builder.andWhere('s.createdAt < :until', { until });
  }
  if (cursor) builder.andWhere('(s.createdAt, s.id) > (:cursorAt, :cursorId)', { cursorAt: cursor.createdAt, cursorId: cursor.id });
  return builder.orderBy('s.createdAt', 'ASC').addOrderBy('s.id', 'ASC').limit(pageSize).getRawMany<PairRow>();
}

import { ModerationDatabase } from '../../../database/moderation-database';
import { ModerationAction } from '../../../engine/policy/moderation-action';
import { DecisionCategoryEntity } from '../../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../../database/entities/decision.entity';
import { whereCreatedWithin } from '../../../shared/database/created-within';
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

/** Shadow-mode decisions paired with the enforced decisions they shadowed. */
export class ShadowPairRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Streams the shadow-mode decisions of one candidate version, oldest first, each with the enforced
   * decision it accompanied (`shadow_of`) and both decisions' category actions. Keyset-paginated on
   * (created_at, id), so memory stays at one page.
   */
  async *pairs(query: ShadowPairQuery): AsyncGenerator<ShadowPair[]> {
    const pageSize = Math.max(1, Math.trunc(query.pageSize ?? 1000));
    let cursor: { createdAt: string; id: string } | undefined;
    for (;;) {
      const rows = await this.database.run('tuning.shadow', () => this.pageOf(query, cursor, pageSize));
      if (rows.length === 0) return;
      const ids = rows.flatMap((row) => [row.shadowId, row.enforcedId]);
      const categoryRows = await this.database.run('tuning.shadow', () =>
        this.database.dataSource
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

  private pageOf(query: ShadowPairQuery, cursor: { createdAt: string; id: string } | undefined, pageSize: number): Promise<PairRow[]> {
    const builder = this.database.dataSource
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
    whereCreatedWithin(builder, 's', query);
    if (cursor) builder.andWhere('(s.createdAt, s.id) > (:cursorAt, :cursorId)', { cursorAt: cursor.createdAt, cursorId: cursor.id });
    return builder.orderBy('s.createdAt', 'ASC').addOrderBy('s.id', 'ASC').limit(pageSize).getRawMany<PairRow>();
  }
}

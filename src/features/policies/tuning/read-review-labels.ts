import { DataSource } from 'typeorm';
import { createDatabaseRunner } from '../../../shared/database/database-runner';
import { DecisionEntity } from '../../../database/entities/decision.entity';
import { ReviewLabelEntity } from '../../../database/entities/review-label.entity';
import { toUtcTextBound } from '../../../shared/database/utc-text';
import { CategoryLabels } from '../../../tuning/labelled/labelled-example';
import { ReviewWindow } from '../../../tuning/reviewed/review-window';

interface LabelRow {
  decisionId: string;
  categoryId: string;
  label: string;
}

/**
 * Reviewers' labels as ground truth, by decision id, for the enforce-mode decisions of a policy
 * decided in the window: `violating` is true, `not_violating` false, `unsure` not labelled. When a
 * decision was reviewed more than once (an escalation, an appeal), the latest label of each
 * category wins: it is the considered answer. Decisions whose every label is `unsure` are left out.
 */
export async function readReviewLabels(dataSource: DataSource, window: ReviewWindow): Promise<Map<string, CategoryLabels>> {
  const rows = await createDatabaseRunner(dataSource)('tuning.labels', () => {
    const query = dataSource
      .createQueryBuilder()
      .select('l.decisionId', 'decisionId')
      .addSelect('l.categoryId', 'categoryId')
      .addSelect('l.label', 'label')
      .from(ReviewLabelEntity, 'l')
      .innerJoin(DecisionEntity, 'd', 'd.id = l.decisionId')
      .where('d.policyId = :policyId', { policyId: window.policyId })
      // A shadow-mode decision never reaches a reviewer; the guard keeps it that way here too.
      .andWhere('d.mode = :mode', { mode: 'enforce' });
    // Times are stored as UTC text; hand-written conditions bypass the column transformer.
    if (window.since) {
      const since = toUtcTextBound(window.since);
      query.andWhere(since === null ? '1 = 0' : 'd.createdAt >= :since', { since });
    }
    if (window.until) {
      const until = toUtcTextBound(window.until);
      if (until !== null) query.andWhere('d.createdAt < :until', { until });
    }
    // Oldest first, so a later label overwrites an earlier one below.
    return query.orderBy('l.createdAt', 'ASC').addOrderBy('l.id', 'ASC').getRawMany<LabelRow>();
  });
  const labels = new Map<string, Record<string, boolean | undefined>>();
  for (const row of rows) {
    let entry = labels.get(row.decisionId);
    if (!entry) labels.set(row.decisionId, (entry = {}));
    entry[row.categoryId] = row.label === 'violating' ? true : row.label === 'not_violating' ? false : undefined;
  }
  for (const [id, entry] of labels) if (Object.values(entry).every((value) => value === undefined)) labels.delete(id);
  return labels as Map<string, CategoryLabels>;
}

import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { DecisionCursor, encodeDecisionCursor } from '../../shared/database/cursor';
import { toUtcText } from '../../shared/database/utc-text';

/** Narrows the label listing; every field given must match. */
export interface LabelFilter {
  readonly decisionId?: string;
  readonly categoryId?: string;
  readonly label?: string;
  readonly reviewerId?: string;
}

/** One page of labels, newest first. */
export interface LabelPage {
  readonly items: readonly ReviewLabelEntity[];
  readonly nextCursor: string | null;
}

/** Reviewers' labels (`moderation_review_labels`), one row per category of a verdict. */
export class ReviewLabelRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /** Labels matching `filter`, newest first, `limit` at a time after `cursor`. */
  list(filter: LabelFilter, limit: number, cursor?: DecisionCursor): Promise<LabelPage> {
    return this.database.run('review.labels', async () => {
      const query = this.database.dataSource.getRepository(ReviewLabelEntity).createQueryBuilder('l');
      if (filter.decisionId !== undefined) query.andWhere('l.decisionId = :decisionId', { decisionId: filter.decisionId });
      if (filter.categoryId !== undefined) query.andWhere('l.categoryId = :categoryId', { categoryId: filter.categoryId });
      if (filter.label !== undefined) query.andWhere('l.label = :label', { label: filter.label });
      if (filter.reviewerId !== undefined) query.andWhere('l.reviewerId = :reviewerId', { reviewerId: filter.reviewerId });
      if (cursor !== undefined) query.andWhere('(l.createdAt, l.id) < (:cursorAt, :cursorId)', { cursorAt: toUtcText(cursor.createdAt), cursorId: cursor.id });
      const rows = await query.orderBy('l.createdAt', 'DESC').addOrderBy('l.id', 'DESC').limit(limit + 1).getMany();
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeDecisionCursor({ createdAt: last.createdAt, id: last.id }) : null };
    });
  }
}

import { ModerationError } from '../../engine/errors/moderation-error';
import { decodeDecisionCursor, encodeDecisionCursor, isDecisionId } from '../../shared/database/cursor';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { toUtcText } from '../../shared/database/utc-text';
import { ReviewContext } from './review-context';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** Largest page of labels. */
export const MAX_LABEL_PAGE_SIZE = 500;

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

/** Reviewers' labels, newest first: the export policy tuning reads. */
export async function listLabels(context: ReviewContext, filter: LabelFilter, page: { limit: number; cursor?: string }): Promise<LabelPage> {
  for (const key of ['decisionId', 'reviewerId'] as const) {
    const value = filter[key];
    if (value !== undefined && !isDecisionId(value)) {
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid filter: ${key} must be a UUID`, { errors: [{ field: key, reasons: ['must be a UUID'] }] });
    }
  }
  const limit = Math.min(MAX_LABEL_PAGE_SIZE, Math.max(1, Math.trunc(page.limit)));
  const cursor = page.cursor === undefined ? undefined : decodeDecisionCursor(page.cursor);
  return context.run('review.labels', async () => {
    const query = context.dataSource.getRepository(ReviewLabelEntity).createQueryBuilder('l');
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

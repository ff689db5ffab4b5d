import { SelectQueryBuilder } from 'typeorm';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { DecisionCursor } from '../../shared/database/cursor';
import { toUtcText, toUtcTextBound } from '../../shared/database/utc-text';
import { DecisionFilter } from './decision.types';

/** Largest page a decision listing returns; larger requests are clamped. */
export const MAX_PAGE_SIZE = 200;

/** Category actions that count as "this category fired" for the `category` filter. */
const FLAGGED_ACTIONS = ['review', 'block'];

/** Adds the filter's conditions, and the cursor's position, to a query over decisions `d`. */
export function applyDecisionFilter(query: SelectQueryBuilder<DecisionEntity>, filter: DecisionFilter, cursor: DecisionCursor | undefined): void {
  if (filter.policy !== undefined) query.andWhere('d.policyId = :policy', { policy: filter.policy });
  if (filter.action !== undefined) query.andWhere('d.action = :action', { action: filter.action });
  if (filter.subject !== undefined) query.andWhere('d.subject = :subject', { subject: filter.subject });
  if (filter.source !== undefined) query.andWhere('d.source = :source', { source: filter.source });
  if (filter.apiKeyId !== undefined) query.andWhere('d.apiKeyId = :apiKeyId', { apiKeyId: filter.apiKeyId });
  // Query-builder parameters skip the column transformer, so times are compared as the stored
  // UTC text; a bound after year 9999 matches every row (`to`) or none (`from`).
  if (filter.from !== undefined) {
    const from = toUtcTextBound(filter.from);
    query.andWhere(from === null ? '1 = 0' : 'd.createdAt >= :from', { from });
  }
  if (filter.to !== undefined) {
    const to = toUtcTextBound(filter.to);
    if (to !== null) query.andWhere('d.createdAt < :to', { to });
  }
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

/** A page size within 1..{@link MAX_PAGE_SIZE}; VALIDATION_FAILED for NaN. */
export function clampLimit(limit: number): number {
  if (Number.isNaN(limit)) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, 'Invalid limit: it must be a number', {
      errors: [{ field: 'limit', reasons: ['must be a number'] }],
    });
  }
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** VALIDATION_FAILED for a filter date that is not a date. */
export function assertValidDates(filter: DecisionFilter): void {
  const invalid = (['from', 'to'] as const).filter((key) => filter[key] !== undefined && Number.isNaN(filter[key]!.getTime()));
  if (invalid.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid filter: ${invalid.join(', ')} must be valid dates`, {
      errors: invalid.map((field) => ({ field, reasons: ['must be a valid date'] })),
    });
  }
}

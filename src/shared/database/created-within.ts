import { ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { toUtcTextBound } from './utc-text';

/** A time range; an absent end is unbounded. */
export interface CreatedWindow {
  readonly since?: Date;
  readonly until?: Date;
}

/**
 * Keeps the rows of `alias` created in `[since, until)`. Times are stored as UTC text and
 * hand-written conditions bypass the column transformer, so the bounds are compared as that text;
 * a bound after year 9999 matches every row (`until`) or none (`since`).
 */
export function whereCreatedWithin<Q extends SelectQueryBuilder<ObjectLiteral> | WhereExpressionBuilder>(query: Q, alias: string, window: CreatedWindow): Q {
  if (window.since !== undefined) {
    const since = toUtcTextBound(window.since);
    query.andWhere(since === null ? '1 = 0' : `${alias}.createdAt >= :createdSince`, { createdSince: since });
  }
  if (window.until !== undefined) {
    const until = toUtcTextBound(window.until);
    if (until !== null) query.andWhere(`${alias}.createdAt < :createdUntil`, { createdUntil: until });
  }
  return query;
}

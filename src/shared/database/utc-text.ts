import { types } from 'node:util';
import { ValueTransformer } from 'typeorm';

/*
 * Times in the decision log are stored as fixed-width ISO-8601 UTC text, `YYYY-MM-DDTHH:mm:ss.sssZ`
 * (what Date.prototype.toISOString gives for the years 0000 to 9999), in a varchar(24) column on
 * both databases. Fixed width and a fixed UTC offset make plain string comparison agree with time
 * order, so ordering, cursors and range filters work the same on SQLite and PostgreSQL and never
 * depend on the time zone of the process that wrote or reads a row. (A PostgreSQL TIMESTAMP
 * WITHOUT TIME ZONE would instead hold the writer's local wall-clock time, as node-pg sends it.)
 */

/** Characters in every stored time. */
export const UTC_TEXT_LENGTH = 24;

const UTC_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The earliest time that has a 24-character ISO form: 0000-01-01T00:00:00.000Z. */
export const EARLIEST_STORABLE_TIME_MS = Date.parse('0000-01-01T00:00:00.000Z');

/** The latest time that has a 24-character ISO form: 9999-12-31T23:59:59.999Z. */
export const LATEST_STORABLE_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** True when `date` is valid and within the years 0000 to 9999, so it can be stored. */
export function isStorableTime(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_STORABLE_TIME_MS && time <= LATEST_STORABLE_TIME_MS;
}

/** True when `text` is exactly how a storable time is written (canonical, so `2026-02-30…` is not). */
export function isUtcText(text: string): boolean {
  return UTC_TEXT.test(text) && new Date(text).toISOString() === text;
}

/** The stored text of `date`; throws a RangeError for an invalid date or one outside the years 0000 to 9999. */
export function toUtcText(date: Date): string {
  if (!isStorableTime(date)) {
    throw new RangeError(`Cannot store ${Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString()}: times must lie within the years 0000 to 9999`);
  }
  return date.toISOString();
}

/** The time written as `text`; throws when it is not what {@link toUtcText} writes. */
export function fromUtcText(text: string): Date {
  if (!isUtcText(text)) throw new Error(`Stored time "${text}" is not ISO-8601 UTC text like 2026-01-15T10:20:30.123Z`);
  return new Date(text);
}

/**
 * `date` as a bound to compare stored text against. Times before the storable range are clamped
 * to its first instant (every stored time is at or after it); null means after every storable
 * time, where clamping would be off by the last millisecond.
 */
export function toUtcTextBound(date: Date): string | null {
  const time = date.getTime();
  if (time > LATEST_STORABLE_TIME_MS) return null;
  return new Date(Math.max(time, EARLIEST_STORABLE_TIME_MS)).toISOString();
}

/**
 * Maps a Date property to its stored text and back, for entity columns of type varchar(24).
 * TypeORM applies it to inserted and updated values, to values in `find` conditions and to loaded
 * rows; parameters of hand-written query-builder conditions bypass it, so those are converted
 * with {@link toUtcText} or {@link toUtcTextBound}.
 */
export const UTC_TEXT_TRANSFORMER: ValueTransformer = {
  to(value: unknown): unknown {
    if (value === null || value === undefined) return value;
    // types.isDate also accepts a Date from another realm (jest's sandbox, a vm context).
    if (types.isDate(value)) return toUtcText(value);
    if (typeof value === 'string' && isUtcText(value)) return value;
    throw new TypeError(`Expected a Date for a time column, got ${typeof value === 'string' ? `"${value}"` : typeof value}`);
  },
  from(value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (typeof value !== 'string') throw new TypeError(`Stored time is a ${typeof value}, not ISO-8601 UTC text`);
    return fromUtcText(value);
  },
};

import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';

const RELATIVE = /^(\d+(?:\.\d+)?)\s*([mhdw])(?:\s+ago)?$/i;
/** ISO-8601 dates and date-times (`2026-03-01`, `2026-03-01T12:00`, `2026-03-01T12:00:00.5+02:00`): what Date.parse would read besides is garbage here (`1` is 2001). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A time flag: an ISO-8601 date or time (`2026-03-01`, `2026-03-01T12:00:00Z`) or a duration
 * before `now` (`30m`, `12h`, `7d`, `2w`, also written `7d ago`). Throws ModerationError
 * ValidationFailed naming the flag. The CLI's flags, the tuning routes and the decision list all
 * read times here, so one spelling works everywhere.
 */
export function parseTimeFlag(text: string, flag: string, now = new Date()): Date {
  const relative = RELATIVE.exec(text.trim());
  const ago = relative ? new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!) : undefined;
  // A duration reaching before the first representable time is an Invalid Date: refused below, not a 500 later.
  if (ago && !Number.isNaN(ago.getTime())) return ago;
  const time = ISO_8601.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(time)) {
    const reason = 'must be an ISO-8601 date or time, or a duration ago such as 7d, 12h, 30m';
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `${flag} ${text}: ${reason}`, { errors: [{ field: flag, reasons: [reason] }] });
  }
  return new Date(time);
}


/** A time range as the tuning code takes it; an absent end is unbounded. */
export interface TimeWindow {
  readonly since?: Date;
  readonly until?: Date;
}

/**
 * `since` and `until` as an API caller writes them (ISO-8601, or a duration ago such as `30d`),
 * read the way the CLI reads its flags. VALIDATION_FAILED for an unreadable time or an empty range.
 */
export function parseTimeWindow(input: { readonly since?: string; readonly until?: string }, now: Date = new Date()): TimeWindow {
  const since = input.since === undefined ? undefined : parseTimeFlag(input.since, 'since', now);
  const until = input.until === undefined ? undefined : parseTimeFlag(input.until, 'until', now);
  if (since && until && since.getTime() >= until.getTime()) {
    const reason = 'must be after since';
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: until: ${reason}`, { errors: [{ field: 'until', reasons: [reason] }] });
  }
  return { since, until };
}

/** The window as ISO text, null for an open end. */
export function windowText(window: TimeWindow): { since: string | null; until: string | null } {
  return { since: window.since?.toISOString() ?? null, until: window.until?.toISOString() ?? null };
}

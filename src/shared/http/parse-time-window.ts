import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { parseTimeFlag } from '../../cli/parse-time-flag';

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

/** When and how long to wait before trying a call again. */
export interface RetryOptions {
  /** Attempts after the first. Default 3. */
  readonly retries: number;
  /** First back-off delay; each retry doubles it, with full jitter. Default 250 ms. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. Default 30 s. */
  readonly maxDelayMs: number;
}

/** The retry defaults. */
export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

/** Statuses that mean "try again later": rate limited, or the server is briefly unavailable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * How long to wait before retry number `attempt` (1-based): the server's Retry-After when it sent
 * one (seconds or an HTTP date), else exponential back-off with full jitter, so that many
 * clients that failed together do not retry together.
 */
export function retryDelayMs(attempt: number, options: RetryOptions, retryAfter: string | null, now: number = Date.now(), random: () => number = Math.random): number {
  const fromHeader = parseRetryAfter(retryAfter, now);
  const delay = fromHeader ?? random() * options.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(Math.max(0, delay), options.maxDelayMs);
}

/** Retry-After as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

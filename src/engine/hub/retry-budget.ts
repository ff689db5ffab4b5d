import { setTimeout as sleep } from 'node:timers/promises';
import { HubTransientError, describeError } from './hub-transient-error';

const MAX_DELAY_MS = 10_000;
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Counts retries of one operation and sleeps with exponential backoff between them. Only
 * {@link HubTransientError}s are retried; anything else is rethrown at once. `reset()` after progress,
 * so a big download on a flaky line is not abandoned because it dropped four times over an hour.
 */
export class RetryBudget {
  private used = 0;

  constructor(
    private readonly retries: number,
    private readonly baseDelayMs: number,
    private readonly log: (message: string) => void,
  ) {}

  /** Rethrows `error` when it is not transient or the budget is spent; otherwise waits, then returns. */
  async afterFailure(error: unknown, what: string): Promise<void> {
    if (!(error instanceof HubTransientError) || this.used >= this.retries) throw error;
    this.used += 1;
    // Jitter keeps many instances restarted together from retrying in lockstep.
    const backoff = Math.min(MAX_DELAY_MS, this.baseDelayMs * 2 ** (this.used - 1)) * (0.8 + Math.random() * 0.4);
    const delay = Math.max(backoff, Math.min(error.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
    this.log(`${what}: ${describeError(error)}; retry ${this.used} of ${this.retries} in ${(delay / 1000).toFixed(1)} s`);
    await sleep(delay);
  }

  /** Forget earlier failures (call when the operation made progress). */
  reset(): void {
    this.used = 0;
  }
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** How a value read at scrape time is bounded and shared between scrapes. */
export interface ScrapeReadOptions {
  /** A value this recent is served again without reading (a scrape storm reads once per period). */
  readonly ttlMs: number;
  /** Longest a scrape waits for a read; past it the scrape goes on without the value. */
  readonly timeoutMs: number;
}

/**
 * A value read from a dependency (Redis, the database) when Prometheus scrapes. A scrape must
 * answer promptly whatever the dependency does, so a slow read yields null instead of holding the
 * scrape; a read still under way is joined rather than started again, so an outage cannot pile
 * reads up; and a recent value is reused, so many scrapers cannot load the dependency.
 */
export class ScrapeRead<T> {
  private cached: { readonly at: number; readonly value: T | null } | undefined;
  private pending: { readonly since: number; readonly value: Promise<T | null> } | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: ScrapeReadOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The value read at most `ttlMs` ago, or a new read; null when the read failed or did not answer in time. */
  async get(): Promise<T | null> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < this.options.ttlMs) return this.cached.value;
    // A read that never settles (a connection that hangs without failing) is given up for good
    // after ten timeouts, so one lost answer cannot keep the value unknown for ever.
    if (!this.pending || now - this.pending.since > 10 * this.options.timeoutMs) this.pending = { since: now, value: this.start() };
    const pending = this.pending.value;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.options.timeoutMs);
    });
    try {
      return await Promise.race([pending, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private start(): Promise<T | null> {
    const read: Promise<T | null> = Promise.resolve()
      .then(() => this.read())
      .then(
      (value) => this.settle(read, value),
      () => this.settle(read, null),
    );
    return read;
  }

  private settle(read: Promise<T | null>, value: T | null): T | null {
    // An abandoned read that answers late must not replace a newer one's answer.
    if (this.pending?.value !== read) return value;
    this.cached = { at: this.clock(), value };
    this.pending = undefined;
    return value;
  }
}

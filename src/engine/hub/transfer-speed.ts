const WINDOW_MS = 5_000;

/** Bytes per second over the last few seconds, so the figure follows the line rather than the average since start. */
export class TransferSpeed {
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records that `bytes` are done now; returns the current rate. */
  record(bytes: number): number {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    if (first === undefined || at === first.at) return 0;
    return Math.max(0, ((bytes - first.bytes) * 1000) / (at - first.at));
  }

  /** Start over (after a restart from byte 0). */
  clear(): void {
    this.samples.length = 0;
  }
}

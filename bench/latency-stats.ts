import type { IntervalHistogram } from 'node:perf_hooks';

/** The q-th quantile (0..1) of samples, by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Samples resident memory every few milliseconds and remembers the peak. */
export class PeakRss {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }, 20);

  /** Stops sampling and returns the peak in MiB. */
  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return Math.round(this.peak / 1024 / 1024);
  }
}

/**
 * A percentile of an event-loop delay histogram, in ms. The histogram records the whole time
 * between its samples, its own resolution included, so the delay is what exceeds the resolution.
 */
export function loopDelayMs(histogram: IntervalHistogram, resolutionMs: number, percentile: number): number {
  return Math.max(0, histogram.percentile(percentile) / 1e6 - resolutionMs);
}

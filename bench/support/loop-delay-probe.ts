/**
 * Preloaded into the bench's server process (`node -r`, started with an IPC channel): measures the
 * event loop's delay and, asked with the message `loop-delay`, answers with what it saw since the
 * last question and the process's peak memory, then starts over. Bench-only: the product itself
 * has no such hook. (Not a signal: the server treats the usual ones as a request to stop.)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loopDelayMs } from '../latency-stats';

// Coarse enough that sampling costs the server next to nothing, fine enough for a 20 ms budget.
const RESOLUTION_MS = 5;

/** What the probe answers. */
export interface LoopDelayReport {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly peakRssMiB: number;
}

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  process.on('message', (message) => {
    if (message !== 'loop-delay') return;
    const report: LoopDelayReport = {
      p50Ms: loopDelayMs(histogram, RESOLUTION_MS, 50),
      p99Ms: loopDelayMs(histogram, RESOLUTION_MS, 99),
      maxMs: histogram.max / 1e6 - RESOLUTION_MS,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    histogram.reset();
    process.send?.({ loopDelay: report });
  });
  // The channel must not keep a server that is asked to stop alive.
  process.channel?.unref();
}

import { MultiBar, Presets } from 'cli-progress';

/** Counts work done and prints result lines without tearing the bar. */
export interface ProgressBar {
  increment(label?: string): void;
  /** Prints a result line on stdout (above the bar when both share a terminal). */
  log(line: string): void;
  stop(): void;
}

/** A bar on stderr when it is a terminal (and `enabled`); otherwise lines go straight to stdout. */
export function createProgressBar(total: number, enabled: boolean = process.stderr.isTTY === true): ProgressBar {
  const plainLog = (line: string): void => void process.stdout.write(`${line}\n`);
  if (!enabled || total < 2) return { increment: () => undefined, log: plainLog, stop: () => undefined };
  const bars = new MultiBar(
    { format: ' {bar} {value}/{total} images | {eta_formatted} left | {label}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { label: '' });
  return {
    increment: (label = '') => bar.increment(1, { label }),
    log: (line) => (process.stdout.isTTY ? bars.log(`${line}\n`) : plainLog(line)),
    stop: () => bars.stop(),
  };
}

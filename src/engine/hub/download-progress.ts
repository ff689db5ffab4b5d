import { SingleBar } from 'cli-progress';
import { formatBytes } from './format-bytes';
import { TransferSpeed } from './transfer-speed';

/** Progress of one file, shown as a bar or as occasional log lines. */
export interface FileProgress {
  /** (Re)starts at `done` of `total` bytes; called again after a retry. */
  begin(total: number | undefined, done: number): void;
  /** Bytes on disk so far. */
  update(done: number): void;
  /** The file is finished (or failed). */
  end(succeeded: boolean): void;
}

/** How progress is shown. */
export interface FileProgressOptions {
  /** Draw a cli-progress bar on stderr (even when stderr is not a terminal: the caller asked). */
  readonly bar: boolean;
  readonly log: (message: string) => void;
  /** Minimum time between two log lines in log mode; default 10 s. */
  readonly logIntervalMs?: number;
}

function barProgress(repoPath: string): FileProgress {
  const speed = new TransferSpeed();
  const bar = new SingleBar({
    format: '{file} |{bar}| {percentage}% | {done}/{size} | {speed} | ETA {eta_formatted}',
    stream: process.stderr,
    noTTYOutput: process.stderr.isTTY !== true,
    hideCursor: true,
    etaBuffer: 100,
    barsize: 30,
  });
  let started = false;
  let total = 0;
  const payload = (done: number): Record<string, string> => ({
    file: repoPath,
    done: formatBytes(done),
    size: formatBytes(total),
    speed: `${formatBytes(speed.record(done))}/s`,
  });
  return {
    begin(announced, done) {
      // Unknown sizes (rare: the hub sends X-Linked-Size) grow the bar as bytes arrive.
      total = announced ?? done;
      if (done === 0) speed.clear();
      if (started) {
        bar.setTotal(total);
        bar.update(done, payload(done));
      } else {
        bar.start(total, done, payload(done));
        started = true;
      }
    },
    update(done) {
      if (done > total) {
        total = done;
        bar.setTotal(total);
      }
      bar.update(done, payload(done));
    },
    end() {
      if (started) bar.stop();
    },
  };
}

function logProgress(repoPath: string, options: FileProgressOptions): FileProgress {
  const interval = options.logIntervalMs ?? 10_000;
  const speed = new TransferSpeed();
  const startedAt = Date.now();
  let lastLog = startedAt;
  let total: number | undefined;
  let announced = false;
  let bytes = 0;
  return {
    begin(size, done) {
      total = size;
      bytes = done;
      if (done === 0) speed.clear();
      if (!announced) options.log(`Downloading ${repoPath}${size === undefined ? '' : ` (${formatBytes(size)})`}`);
      announced = true;
    },
    update(done) {
      bytes = done;
      const rate = speed.record(done);
      const now = Date.now();
      if (now - lastLog < interval) return;
      lastLog = now;
      const share = total === undefined || total === 0 ? '' : `${Math.floor((done / total) * 100)}% `;
      const of = total === undefined ? formatBytes(done) : `${formatBytes(done)} of ${formatBytes(total)}`;
      options.log(`  ${repoPath}: ${share}(${of}, ${formatBytes(rate)}/s)`);
    },
    end(succeeded) {
      if (!succeeded) return;
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      options.log(`Downloaded ${repoPath} (${formatBytes(total ?? bytes)} in ${seconds} s)`);
    },
  };
}

/** A progress display for `repoPath`: a bar when asked for, log lines otherwise. */
export function createFileProgress(repoPath: string, options: FileProgressOptions): FileProgress {
  return options.bar ? barProgress(repoPath) : logProgress(repoPath, options);
}

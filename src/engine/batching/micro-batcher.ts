import { requestAborted } from '../admission/abort';

/** How requests are grouped into batches. */
export interface MicroBatchOptions {
  /** Largest batch handed to the runner. */
  readonly maxBatchSize: number;
  /** Longest a request waits for company before a partial batch runs, when no more work is known to be coming. */
  readonly maxWaitMs: number;
  /**
   * Longest a request is held while more inputs are known to be on their way (being decoded).
   * Waiting for them keeps batches whole, and keeps decoding from competing with inference for
   * the same cores. Defaults to 10 x maxWaitMs.
   */
  readonly maxHoldMs?: number;
  /**
   * Batches handed to the runner before the first of them has finished. With one more than the
   * runner runs at once, a full batch waits at the runner while the others run, so the runner
   * never idles while this side finishes the last batch and gathers the next. Only full batches
   * go ahead this way; a partial batch waits until nothing is in flight. Defaults to 1.
   */
  readonly maxBatchesInFlight?: number;
  /**
   * Batches the runner runs side by side (one per vision session); the rest wait in its queue.
   * Only used to tell how long each batch waited and ran. Defaults to 1.
   */
  readonly parallelRuns?: number;
}

/** What a batch reports back to each of its requests. */
export interface BatchReceipt<O> {
  readonly output: O;
  /** Time from submission until the batch started. */
  readonly queueMs: number;
  /** Time the batch itself took to run, not counting its wait behind the batch before it. */
  readonly runMs: number;
  readonly batchSize: number;
}

interface Pending<I, O> {
  readonly input: I;
  readonly submittedAt: number;
  readonly resolve: (receipt: BatchReceipt<O>) => void;
  readonly reject: (error: unknown) => void;
  /** Stops listening for the caller's abort once the input is in a batch. */
  readonly detach: () => void;
}

/**
 * Coalesces concurrent requests into batches for a runner that works through them one at a time:
 * the model already uses every core, so running batches side by side would only add contention.
 * While a batch runs, the next one fills up (and, with `maxBatchesInFlight` 2, is handed over as
 * soon as it is full), and the callers' preprocessing (in sharp's own threads) overlaps the
 * inference.
 */
export class MicroBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;
  /** Batches the runner is running now, at most `parallelRuns`. */
  private running = 0;
  /** Batches handed over while every run was taken, in order: each starts when a running one comes back. */
  private readonly waitingForRun: { startedAt: number | undefined }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** When the last batch finished: requests that queued during a run start waiting from here. */
  private idleSince = 0;

  constructor(
    private readonly options: MicroBatchOptions,
    private readonly runner: (inputs: readonly I[]) => Promise<readonly O[]>,
    /** How many inputs are known to be coming soon (e.g. images still being decoded). */
    private readonly comingSoon: () => number = () => 0,
    /** Told the size and run time of every batch that succeeded. */
    private readonly onRun: (batchSize: number, runMs: number) => void = () => undefined,
  ) {
    if (!(options.maxBatchSize >= 1)) throw new RangeError('maxBatchSize must be at least 1');
    if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs must not be negative');
  }

  /** Requests waiting for a batch. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues one input; resolves when the batch it rode in has run. If `signal` fires while the
   * input still waits for a batch, it leaves the queue and the call rejects with REQUEST_ABORTED;
   * once its batch has started it runs to the end.
   */
  submit(input: I, signal?: AbortSignal): Promise<BatchReceipt<O>> {
    if (this.closed) return Promise.reject(new Error('batcher is closed'));
    if (signal?.aborted) return Promise.reject(requestAborted());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(item);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(requestAborted());
      };
      const item: Pending<I, O> = {
        input,
        submittedAt: performance.now(),
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(item);
      this.schedule();
    });
  }

  /** Refuses new work and waits until queued work has run. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.inFlight > 0 || this.queue.length > 0) {
      if (this.inFlight === 0) this.schedule(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Re-checks whether a batch should start; call when the number of inputs coming soon drops. */
  poke(): void {
    this.schedule();
  }

  private schedule(force = false): void {
    if (this.queue.length === 0 || this.inFlight >= (this.options.maxBatchesInFlight ?? 1)) return;
    if (this.inFlight > 0) {
      // Ahead of a running batch only when full: a partial one still has time to fill.
      if (this.queue.length >= this.options.maxBatchSize) void this.runNext();
      return;
    }
    const waited = performance.now() - Math.max(this.queue[0]!.submittedAt, this.idleSince);
    const coming = Math.min(this.comingSoon(), this.options.maxBatchSize - this.queue.length);
    const holdMs = this.options.maxHoldMs ?? this.options.maxWaitMs * 10;
    const deadline = coming > 0 ? Math.max(holdMs, this.options.maxWaitMs) : this.options.maxWaitMs;
    if (force || this.queue.length >= this.options.maxBatchSize || waited >= deadline) {
      this.clearTimer();
      void this.runNext();
      return;
    }
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, deadline - waited);
  }

  private async runNext(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    for (const item of batch) item.detach();
    this.inFlight++;
    // When the batch starts to run: at once with a run free, otherwise when a running batch comes
    // back (the runner takes waiting batches in order).
    const start: { startedAt: number | undefined } = { startedAt: undefined };
    if (this.running < (this.options.parallelRuns ?? 1)) {
      this.running++;
      start.startedAt = performance.now();
    } else {
      this.waitingForRun.push(start);
    }
    try {
      const outputs = await this.runner(batch.map((item) => item.input));
      const finishedAt = performance.now();
      this.freeRun(start, finishedAt);
      const startedAt = start.startedAt ?? finishedAt;
      const runMs = finishedAt - startedAt;
      this.onRun(batch.length, runMs);
      batch.forEach((item, index) =>
        item.resolve({ output: outputs[index]!, queueMs: startedAt - item.submittedAt, runMs, batchSize: batch.length }),
      );
    } catch (error) {
      this.freeRun(start, performance.now());
      for (const item of batch) item.reject(error);
    } finally {
      this.inFlight--;
      this.idleSince = performance.now();
      this.schedule();
    }
  }

  /**
   * A batch came back: its run passes to the batch that waited longest for one. A batch that comes
   * back without having been given a run (it failed while waiting) only leaves the line.
   */
  private freeRun(start: { startedAt: number | undefined }, at: number): void {
    const waiting = this.waitingForRun.indexOf(start);
    if (waiting >= 0) {
      this.waitingForRun.splice(waiting, 1);
      return;
    }
    const next = this.waitingForRun.shift();
    if (next) next.startedAt = at;
    else this.running--;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How requests are grouped into batches. */
export interface MicroBatchOptions {
  /** Largest batch handed to the runner. */
  readonly maxBatchSize: number;
  /** Longest a request waits for company before a partial batch runs. */
  readonly maxWaitMs: number;
}

/** What a batch reports back to each of its requests. */
export interface BatchReceipt<O> {
  readonly output: O;
  /** Time from submission until the batch started. */
  readonly queueMs: number;
  /** Time the whole batch took to run. */
  readonly runMs: number;
  readonly batchSize: number;
}

interface Pending<I, O> {
  readonly input: I;
  readonly submittedAt: number;
  readonly resolve: (receipt: BatchReceipt<O>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent requests into batches and runs one batch at a time: the model already
 * uses every core, so running batches side by side would only add contention. While a batch
 * runs, the next one fills up, and the callers' preprocessing (in sharp's own threads)
 * overlaps the inference.
 */
export class MicroBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly options: MicroBatchOptions,
    private readonly runner: (inputs: readonly I[]) => Promise<readonly O[]>,
  ) {
    if (!(options.maxBatchSize >= 1)) throw new RangeError('maxBatchSize must be at least 1');
    if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs must not be negative');
  }

  /** Requests waiting for a batch. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues one input; resolves when the batch it rode in has run. */
  submit(input: I): Promise<BatchReceipt<O>> {
    if (this.closed) return Promise.reject(new Error('batcher is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ input, submittedAt: performance.now(), resolve, reject });
      this.schedule();
    });
  }

  /** Refuses new work and waits until queued work has run. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.running || this.queue.length > 0) {
      this.schedule(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private schedule(now = false): void {
    if (this.running || this.queue.length === 0) return;
    const waited = performance.now() - this.queue[0]!.submittedAt;
    if (now || this.queue.length >= this.options.maxBatchSize || waited >= this.options.maxWaitMs) {
      this.clearTimer();
      void this.runNext();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule(true);
      }, this.options.maxWaitMs - waited);
    }
  }

  private async runNext(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    this.running = true;
    const startedAt = performance.now();
    try {
      const outputs = await this.runner(batch.map((item) => item.input));
      const runMs = performance.now() - startedAt;
      batch.forEach((item, index) =>
        item.resolve({ output: outputs[index]!, queueMs: startedAt - item.submittedAt, runMs, batchSize: batch.length }),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

import { requestAborted } from './abort';

interface Waiter {
  readonly grant: () => void;
}

/**
 * A counting semaphore for decodes, whose waiters leave the line when their caller aborts. A few
 * lines of our own: the small queue libraries either cannot drop one waiter on abort or bring a
 * scheduler this needs none of.
 */
export class DecodeSlots {
  private busy = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly slots: number) {}

  /** Images waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; rejects REQUEST_ABORTED if `signal` fires first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(requestAborted());
    if (this.busy < this.slots) {
      this.busy++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(requestAborted());
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `busy` only drops when nobody waits.
      if (next) next.grant();
      else this.busy--;
    };
  }
}

import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';

/**
 * A wall-clock budget shared by every step of one decode. sharp's own `timeout` only counts
 * libvips pixel work in whole seconds; this one also covers header parsing and waiting for a
 * libuv thread, so a call always settles by the deadline.
 */
export class DecodeDeadline {
  private readonly endsAt: number;

  constructor(
    private readonly budgetMs: number,
    private readonly started = performance.now(),
  ) {
    this.endsAt = started + budgetMs;
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** Milliseconds since the decode started. */
  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** Whole seconds for sharp's `timeout` (it needs at least 1; 0 would mean "no limit"). */
  sharpTimeoutSeconds(): number {
    return Math.max(1, Math.ceil(this.remainingMs() / 1000));
  }

  /** The error thrown when the budget runs out. */
  timeoutError(stage: string): ModerationError {
    return new ModerationError(ModerationErrorCode.ImageDecodeTimeout, 'Decoding the image took too long', {
      timeoutMs: this.budgetMs,
      stage,
    });
  }

  /** Throws the timeout error when the budget is already spent (between synchronous steps). */
  check(stage: string): void {
    if (this.remainingMs() <= 0) throw this.timeoutError(stage);
  }

  /**
   * Settles with `work`, or rejects with ImageDecodeTimeout when the deadline passes first. The
   * losing promise keeps running in libvips (it cannot be cancelled; sharp's timeout ends it), so
   * its late rejection is swallowed here instead of surfacing as an unhandled rejection.
   */
  race<T>(work: Promise<T>, stage: string): Promise<T> {
    work.catch(() => undefined);
    const remaining = this.remainingMs();
    if (remaining <= 0) return Promise.reject(this.timeoutError(stage));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.timeoutError(stage)), remaining);
      timer.unref();
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}

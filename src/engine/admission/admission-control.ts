import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { AdmissionOptions } from './admission-options';

/** Weight of the newest batch in the running estimate of inference time per image. */
const SMOOTHING = 0.2;

/** A place in the engine, given back when its image is decided or fails. */
export interface AdmissionTicket {
  release(): void;
}

/** What admission control has seen, for stats and benches. */
export interface AdmissionStats {
  /** Images admitted and not yet finished. */
  readonly admitted: number;
  /** Images refused with ENGINE_OVERLOADED since start. */
  readonly refused: number;
  /** Running estimate of inference milliseconds per image, all sessions together (undefined before the first batch). */
  readonly msPerImage: number | undefined;
}

/**
 * Bounds the work in the engine by count and by expected wait, so that a burst is answered at once
 * with ENGINE_OVERLOADED and a Retry-After, instead of every caller waiting longer and longer.
 */
export class AdmissionControl {
  private admitted = 0;
  private refused = 0;
  private msPerImage: number | undefined;

  constructor(
    private readonly options: AdmissionOptions,
    /** Told of every refusal, for metrics. */
    private readonly onRefused: () => void = () => undefined,
    /** Batches that run side by side: the queue empties this many times faster than one batch runs. */
    private readonly parallelRuns = 1,
  ) {}

  /** Takes a place for one image, or throws ENGINE_OVERLOADED. */
  admit(): AdmissionTicket {
    this.check();
    this.admitted++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.admitted--;
      },
    };
  }

  /** Throws ENGINE_OVERLOADED when a new image would be refused now; takes no place. */
  check(): void {
    const waitMs = this.expectedWaitMs();
    const full = this.admitted >= this.options.maxQueuedImages;
    if (!full && waitMs <= this.options.maxQueueMs) return;
    this.refused++;
    this.onRefused();
    const reason = full
      ? `${this.admitted} images are already waiting (the limit is ${this.options.maxQueuedImages})`
      : `a new image would wait about ${Math.round(waitMs)} ms (the limit is ${this.options.maxQueueMs} ms)`;
    throw new ModerationError(ModerationErrorCode.EngineOverloaded, `The moderation engine is at capacity: ${reason}. Retry later, or send bursts as asynchronous jobs.`, {
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      queuedImages: this.admitted,
      maxQueuedImages: this.options.maxQueuedImages,
      expectedWaitMs: Math.round(waitMs),
      maxQueueMs: this.options.maxQueueMs,
    });
  }

  /** Feeds the estimate with a finished batch. */
  recordBatch(images: number, runMs: number): void {
    if (images <= 0 || !(runMs >= 0)) return;
    const perImage = runMs / images / this.parallelRuns;
    this.msPerImage = this.msPerImage === undefined ? perImage : this.msPerImage + SMOOTHING * (perImage - this.msPerImage);
  }

  stats(): AdmissionStats {
    return { admitted: this.admitted, refused: this.refused, msPerImage: this.msPerImage };
  }

  /** How long a new image would wait behind the ones already admitted. */
  private expectedWaitMs(): number {
    return this.msPerImage === undefined ? 0 : this.admitted * this.msPerImage;
  }
}

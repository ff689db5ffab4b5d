import { ClipTextEncoder } from '../model/clip-text-encoder';
import { ClipVisionEncoder } from '../model/clip-vision-encoder';
import { ImageEncoder, PromptEncoder } from '../model/encoders';
import { SessionTuning } from '../model/onnx-session';
import { OpenedTower } from './inference-messages';
import { InferenceThread } from './inference-thread';

/**
 * Where the onnxruntime sessions run. `worker-thread` (the default) keeps every synchronous
 * `run()` off the event loop; `in-thread` runs them in the calling thread, for tools that have no
 * event loop to protect and for comparing the two.
 */
export type InferenceRuntime = 'worker-thread' | 'in-thread';

/** The inference runtimes, for validating configuration. */
export const INFERENCE_RUNTIMES: readonly InferenceRuntime[] = ['worker-thread', 'in-thread'];

/** How sessions are run. */
export interface InferenceOptions {
  readonly runtime: InferenceRuntime;
  readonly tuning: SessionTuning;
  /** Nice value of the inference threads (Linux); see {@link InferenceThreadData.nice}. */
  readonly nice: number;
  /** Vision sessions, one per inference thread (worker-thread runtime); see EngineInferenceOptions. */
  readonly sessions: number;
}

/** Opens encoders in one place and frees that place. */
export interface EncoderHost {
  openImageEncoder(path: string): Promise<ImageEncoder>;
  openPromptEncoder(path: string): Promise<PromptEncoder>;
  /** Times the place the sessions run in died and was replaced. */
  readonly restarts: number;
  close(): Promise<void>;
}

/** The host an {@link InferenceOptions} asks for. */
export function createEncoderHost(options: InferenceOptions, log: (message: string) => void): EncoderHost {
  return options.runtime === 'in-thread' ? new InThreadEncoderHost(options.tuning) : new WorkerThreadEncoderHost(options, log);
}

class InThreadEncoderHost implements EncoderHost {
  readonly restarts = 0;

  constructor(private readonly tuning: SessionTuning) {}

  openImageEncoder(path: string): Promise<ImageEncoder> {
    return ClipVisionEncoder.open(path, this.tuning);
  }

  openPromptEncoder(path: string): Promise<PromptEncoder> {
    return ClipTextEncoder.open(path, this.tuning);
  }

  async close(): Promise<void> {}
}

/**
 * One inference thread per vision session; the first also holds the text session, which only
 * embeds prompts and so needs no copies. Each batch goes to the thread with the fewest requests
 * in hand, so batches run side by side and a slow one holds up only its own callers.
 */
class WorkerThreadEncoderHost implements EncoderHost {
  private readonly threads: readonly InferenceThread[];

  constructor(options: InferenceOptions, log: (message: string) => void) {
    const count = Math.max(1, options.sessions);
    this.threads = Array.from({ length: count }, (_, index) =>
      new InferenceThread({ tuning: options.tuning, nice: options.nice }, count === 1 ? log : (message) => log(`[inference thread ${index + 1}/${count}] ${message}`)),
    );
  }

  get restarts(): number {
    return this.threads.reduce((sum, thread) => sum + thread.restarts, 0);
  }

  async openImageEncoder(path: string): Promise<ImageEncoder> {
    const opened = await Promise.allSettled(this.threads.map((thread) => thread.open('vision', path)));
    const failed = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      await Promise.all(this.threads.map((thread) => thread.release('vision').catch(() => undefined)));
      throw failed.reason;
    }
    const { fixedSize } = (opened[0] as PromiseFulfilledResult<OpenedTower>).value;
    return {
      imageSize: fixedSize,
      encode: (pixels, count, height, width) => this.leastBusy().encodeImages(pixels, count, height, width),
      close: async () => {
        await Promise.all(this.threads.map((thread) => thread.release('vision')));
      },
    };
  }

  async openPromptEncoder(path: string): Promise<PromptEncoder> {
    const thread = this.threads[0]!;
    const { fixedSize } = await thread.open('text', path);
    return {
      contextLength: fixedSize,
      encode: (batch) => thread.encodePrompts(batch),
      close: () => thread.release('text'),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }

  private leastBusy(): InferenceThread {
    return this.threads.reduce((best, thread) => (thread.busy < best.busy ? thread : best));
  }
}

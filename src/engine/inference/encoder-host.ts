import { ClipTextEncoder } from '../model/clip-text-encoder';
import { ClipVisionEncoder } from '../model/clip-vision-encoder';
import { ImageEncoder, PromptEncoder } from '../model/encoders';
import { SessionTuning } from '../model/onnx-session';
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
  /** Nice value of the inference thread (Linux); see {@link InferenceThreadData.nice}. */
  readonly nice: number;
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

class WorkerThreadEncoderHost implements EncoderHost {
  private readonly thread: InferenceThread;

  constructor(options: InferenceOptions, log: (message: string) => void) {
    this.thread = new InferenceThread({ tuning: options.tuning, nice: options.nice }, log);
  }

  get restarts(): number {
    return this.thread.restarts;
  }

  async openImageEncoder(path: string): Promise<ImageEncoder> {
    const { fixedSize } = await this.thread.open('vision', path);
    return {
      imageSize: fixedSize,
      encode: (pixels, count, height, width) => this.thread.encodeImages(pixels, count, height, width),
      close: () => this.thread.release('vision'),
    };
  }

  async openPromptEncoder(path: string): Promise<PromptEncoder> {
    const { fixedSize } = await this.thread.open('text', path);
    return {
      contextLength: fixedSize,
      encode: (batch) => this.thread.encodePrompts(batch),
      close: () => this.thread.release('text'),
    };
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

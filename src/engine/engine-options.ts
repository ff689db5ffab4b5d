import { homedir } from 'node:os';
import { join } from 'node:path';
import { AdmissionOptions } from './admission/admission-options';
import { MicroBatchOptions } from './batching/micro-batcher';
import { ImageLimits } from './image/image-limits';
import { InferenceRuntime } from './inference/encoder-host';
import { ModelDtype } from './model/model-dtype';
import { SessionTuning } from './model/onnx-session';
import { Policy } from './policy/policy.types';

/** The model fetched on a first start when none is configured. */
export const DEFAULT_MODEL_ID = 'Xenova/clip-vit-base-patch32';

/**
 * Batching defaults: 8 images per vision run, 10 ms to gather them, and the next full batch
 * handed to the inference thread while one runs, so it never waits for the event loop.
 */
export const DEFAULT_BATCHING: MicroBatchOptions = { maxBatchSize: 8, maxWaitMs: 10, maxBatchesInFlight: 2 };

/**
 * Admission defaults: refuse work that would wait more than 5 seconds (a few seconds of work at
 * any measured speed), and never hold more than 256 images; decode as many images at once as
 * there are CPUs (0 here means that).
 */
export const DEFAULT_ADMISSION: AdmissionOptions = { maxQueuedImages: 256, maxQueueMs: 5000, decodeConcurrency: 0 };

/** Where sessions run and at what priority. */
export interface EngineInferenceOptions {
  /** `worker-thread` (default) or `in-thread` (`MODERATION_INFERENCE_RUNTIME`). */
  readonly runtime: InferenceRuntime;
  /**
   * Nice value of the inference thread on Linux, 0-19 (`MODERATION_INFERENCE_NICE`): above 0, the
   * event loop and the decoders get the CPU first when both want it, so health checks and request
   * parsing stay fast while every core is busy with inference.
   */
  readonly nice: number;
}

/** Inference defaults: a worker thread at nice 10. */
export const DEFAULT_INFERENCE: EngineInferenceOptions = { runtime: 'worker-thread', nice: 10 };

/** Hub download settings, used only when the model is a hub id. */
export interface EngineDownloadOptions {
  readonly endpoint?: string;
  readonly token?: string;
  readonly revision?: string;
  /** Draw a progress bar on stderr; defaults to whether stderr is a terminal. */
  readonly progress?: boolean;
}

/** Everything a {@link ModerationEngine} needs; each field maps to one `MODERATION_*` variable. */
export interface ModerationEngineOptions {
  /** A local model folder or a Hugging Face hub id (`MODERATION_MODEL`). */
  readonly model: string;
  /** Weight variant to load (`MODERATION_MODEL_DTYPE`), default fp32. */
  readonly dtype?: ModelDtype;
  /** Policies: a folder of YAML files (`MODERATION_POLICIES`) or policies already loaded. */
  readonly policies: string | readonly Policy[];
  /** Downloads, prompt embeddings and file digests (`MODERATION_CACHE_DIR`). */
  readonly cacheDir?: string;
  readonly limits?: Partial<ImageLimits>;
  readonly batching?: Partial<MicroBatchOptions>;
  readonly admission?: Partial<AdmissionOptions>;
  readonly tuning?: Partial<SessionTuning>;
  readonly inference?: Partial<EngineInferenceOptions>;
  readonly download?: EngineDownloadOptions;
  /** Where progress and notices go; defaults to stderr. */
  readonly logger?: (message: string) => void;
}

/** `$XDG_CACHE_HOME/clip-moderation`, else `~/.cache/clip-moderation`. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'clip-moderation');
}

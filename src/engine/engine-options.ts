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
 * Batching defaults: 8 images per vision run, 10 ms to gather them. Batches in flight default to
 * one more than there are vision sessions: the next full batch is handed over while the others
 * run, so no session waits for the event loop.
 */
export const DEFAULT_BATCHING: MicroBatchOptions = { maxBatchSize: 8, maxWaitMs: 10 };

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
  /**
   * Vision sessions, each in its own inference thread, running batches side by side
   * (`MODERATION_INFERENCE_SESSIONS`); 0 picks for the weights: one per CPU for quantized weights
   * (int8, q4), whose sessions are small and run faster as single-threaded copies than as one session split across
   * the cores (`npm run bench`), and one for fp32 and fp16, where each copy costs its weights again.
   * The intra-op threads of the cores are shared out between them. The worker-thread runtime only.
   */
  readonly sessions: number;
}

/** Inference defaults: worker threads at nice 10, as many vision sessions as suit the weights. */
export const DEFAULT_INFERENCE: EngineInferenceOptions = { runtime: 'worker-thread', nice: 10, sessions: 0 };

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
  /**
   * PDQ-hash every image for hash banks (`MODERATION_PDQ`, default true): the hash comes from the
   * decode the model needs, for about 3-6 CPU-ms per image. Off, decisions carry `pdq: null`.
   */
  readonly pdq?: boolean;
  readonly download?: EngineDownloadOptions;
  /** Where progress and notices go; defaults to stderr. */
  readonly logger?: (message: string) => void;
}

/** `$XDG_CACHE_HOME/clip-moderation`, else `~/.cache/clip-moderation`. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'clip-moderation');
}

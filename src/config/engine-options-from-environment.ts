import { DEFAULT_MODEL_ID, ModerationEngineOptions } from '../engine/engine-options';
import { ImageFormat } from '../engine/image/image-format';
import { Environment } from './environment';

/** Maps the shared variables onto engine options; flags given on a command line win over them. */
export function engineOptionsFromEnvironment(
  env: Environment,
  overrides: Partial<ModerationEngineOptions> = {},
): ModerationEngineOptions {
  return {
    model: env.MODERATION_MODEL ?? DEFAULT_MODEL_ID,
    dtype: env.MODERATION_MODEL_DTYPE ?? 'fp32',
    policies: env.MODERATION_POLICIES ?? 'policies',
    cacheDir: env.MODERATION_CACHE_DIR,
    limits: definedOnly({
      maxBytes: env.MODERATION_MAX_BYTES,
      maxPixels: env.MODERATION_MAX_PIXELS,
      maxFrames: env.MODERATION_MAX_FRAMES,
      decodeTimeoutMs: env.MODERATION_DECODE_TIMEOUT_MS,
      allowedFormats: env.MODERATION_ALLOWED_FORMATS as ImageFormat[] | undefined,
    }),
    batching: definedOnly({ maxBatchSize: env.MODERATION_BATCH_SIZE, maxWaitMs: env.MODERATION_BATCH_WAIT_MS }),
    admission: definedOnly({
      maxQueuedImages: env.MODERATION_MAX_QUEUE,
      maxQueueMs: env.MODERATION_MAX_QUEUE_MS,
      decodeConcurrency: env.MODERATION_DECODE_CONCURRENCY,
    }),
    tuning: definedOnly({
      intraOpThreads: env.MODERATION_THREADS,
      allowSpinning: env.MODERATION_SPINNING === undefined ? undefined : env.MODERATION_SPINNING === 'on',
    }),
    inference: definedOnly({
      runtime: env.MODERATION_INFERENCE_RUNTIME,
      nice: env.MODERATION_INFERENCE_NICE,
      sessions: env.MODERATION_INFERENCE_SESSIONS,
    }),
    ...(env.MODERATION_PDQ === undefined ? {} : { pdq: env.MODERATION_PDQ === 'on' }),
    download: definedOnly({ endpoint: env.HF_ENDPOINT, token: env.HF_TOKEN, revision: env.MODERATION_MODEL_REVISION }),
    ...definedOnly(overrides),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

import { availableParallelism } from 'node:os';
import { AdmissionOptions } from './admission/admission-options';
import { MicroBatchOptions } from './batching/micro-batcher';
import { DEFAULT_ADMISSION, DEFAULT_BATCHING, DEFAULT_INFERENCE, EngineInferenceOptions, ModerationEngineOptions } from './engine-options';
import { ModerationError } from './errors/moderation-error';
import { ModerationErrorCode } from './errors/moderation-error-code';
import { DEFAULT_IMAGE_LIMITS, ImageLimits, assertValidImageLimits } from './image/image-limits';
import { INFERENCE_RUNTIMES } from './inference/encoder-host';
import { ModelDtype } from './model/model-dtype';
import { DEFAULT_SESSION_TUNING, SessionTuning } from './model/onnx-session';

/** Engine options with every default filled in and every value checked. */
export interface EngineSettings {
  readonly limits: ImageLimits;
  readonly batching: MicroBatchOptions;
  readonly admission: AdmissionOptions;
  readonly tuning: SessionTuning;
  readonly inference: EngineInferenceOptions;
  /** PDQ-hash every image (default true). */
  readonly pdq: boolean;
}

interface Problem {
  readonly key: string;
  readonly reason: string;
}

/** Fills in defaults and checks the numbers; one CONFIG_INVALID lists every bad key. */
export function resolveEngineSettings(options: ModerationEngineOptions): EngineSettings {
  const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
  assertValidImageLimits(limits);
  const requestedInference: EngineInferenceOptions = { ...DEFAULT_INFERENCE, ...options.inference };
  const sessions = resolveVisionSessions(requestedInference, options.dtype ?? 'fp32');
  const inference: EngineInferenceOptions = { ...requestedInference, sessions };
  const batching: MicroBatchOptions = { maxBatchesInFlight: sessions + 1, ...DEFAULT_BATCHING, ...options.batching };
  const requested: AdmissionOptions = { ...DEFAULT_ADMISSION, ...options.admission };
  const admission: AdmissionOptions = { ...requested, decodeConcurrency: requested.decodeConcurrency || availableParallelism() };
  const requestedTuning: SessionTuning = { ...DEFAULT_SESSION_TUNING, ...options.tuning };
  // The cores are shared out between the sessions, so that together they use each core once.
  const tuning: SessionTuning = {
    ...requestedTuning,
    intraOpThreads: requestedTuning.intraOpThreads || Math.max(1, Math.floor(availableParallelism() / sessions)),
  };
  const problems: Problem[] = [
    ...integer('batching.maxBatchSize', batching.maxBatchSize, 1),
    ...number('batching.maxWaitMs', batching.maxWaitMs, 0),
    ...integer('batching.maxBatchesInFlight', batching.maxBatchesInFlight ?? 1, 1, 64),
    ...integer('admission.maxQueuedImages', admission.maxQueuedImages, 1),
    ...number('admission.maxQueueMs', admission.maxQueueMs, 0),
    ...integer('admission.decodeConcurrency', requested.decodeConcurrency, 0),
    ...integer('tuning.intraOpThreads', requestedTuning.intraOpThreads, 0),
    ...integer('inference.nice', inference.nice, 0, 19),
    ...integer('inference.sessions', requestedInference.sessions, 0, 64),
    ...(requestedInference.runtime === 'in-thread' && requestedInference.sessions > 1
      ? [{ key: 'inference.sessions', reason: 'must be 0 or 1 with the in-thread runtime, which runs one session in the calling thread' }]
      : []),
    ...(INFERENCE_RUNTIMES.includes(inference.runtime) ? [] : [{ key: 'inference.runtime', reason: `must be one of ${INFERENCE_RUNTIMES.join(', ')}` }]),
  ];
  if (problems.length > 0) throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Invalid engine options', { problems });
  return { limits, batching, admission, tuning, inference, pdq: options.pdq ?? true };
}

/**
 * Vision sessions for a runtime and weight type: as asked, or for 0 one per CPU for quantized
 * weights (int8, q4) and one for fp32 and fp16 (see {@link EngineInferenceOptions.sessions}). The in-thread runtime has one.
 */
export function resolveVisionSessions(inference: Pick<EngineInferenceOptions, 'runtime' | 'sessions'>, dtype: ModelDtype): number {
  if (inference.runtime === 'in-thread') return 1;
  if (Number.isInteger(inference.sessions) && inference.sessions > 0) return inference.sessions;
  return dtype === 'fp32' || dtype === 'fp16' ? 1 : availableParallelism();
}

function integer(key: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): Problem[] {
  return Number.isInteger(value) && value >= min && value <= max ? [] : [{ key, reason: `must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}` }];
}

function number(key: string, value: number, min: number): Problem[] {
  return Number.isFinite(value) && value >= min ? [] : [{ key, reason: `must be a number of at least ${min}` }];
}

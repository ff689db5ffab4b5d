import { availableParallelism } from 'node:os';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { EmbeddingMatrix } from './encoders';

/** How onnxruntime runs a session; the defaults suit a small CPU box. */
export interface SessionTuning {
  /**
   * Threads inside one operator; 0 means one per core the process may use
   * (`os.availableParallelism()`). Not onnxruntime's own 0, which counts physical cores and so
   * runs on half the CPUs where each core shows two hardware threads.
   */
  readonly intraOpThreads: number;
  /**
   * Whether idle onnxruntime threads spin between operators instead of sleeping. Measured end to
   * end with images decoding beside inference (`npm run bench`, 2 CPUs): int8 about 10 % faster,
   * fp32 the same within noise, so it is on; spinning threads give way to the decoders and the
   * event loop, which run at a higher priority (see the inference thread's nice value).
   */
  readonly allowSpinning: boolean;
}

/** The tuning used when none is given. */
export const DEFAULT_SESSION_TUNING: SessionTuning = { intraOpThreads: 0, allowSpinning: true };

/** The intra-op thread count a tuning asks for, with 0 resolved to the CPUs this process may use. */
export function resolveIntraOpThreads(requested: number): number {
  return requested > 0 ? requested : availableParallelism();
}

/** Name, element type and shape of one session input or output. */
export interface TensorSlot {
  readonly name: string;
  readonly type: Tensor.Type;
  readonly shape: ReadonlyArray<number | string>;
}

/** Opens an ONNX file; a file onnxruntime cannot load becomes a typed error naming it. */
export async function openSession(path: string, tuning: SessionTuning): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(path, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: resolveIntraOpThreads(tuning.intraOpThreads),
      interOpNumThreads: 1,
      extra: { session: { 'intra_op.allow_spinning': tuning.allowSpinning ? '1' : '0' } },
    });
  } catch (error) {
    throw new ModerationError(
      ModerationErrorCode.ModelIncompatible,
      `onnxruntime could not load ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { path },
      { cause: error },
    );
  }
}

/** The tensor inputs of a session, with types and shapes as the file declares them. */
export function inputSlots(session: InferenceSession): TensorSlot[] {
  return session.inputMetadata.flatMap((meta) => (meta.isTensor ? [{ name: meta.name, type: meta.type, shape: meta.shape }] : []));
}

/** The tensor outputs of a session. */
export function outputSlots(session: InferenceSession): TensorSlot[] {
  return session.outputMetadata.flatMap((meta) => (meta.isTensor ? [{ name: meta.name, type: meta.type, shape: meta.shape }] : []));
}

/** Describes slots for error messages: `pixel_values float32[batch,3,224,224]`. */
export function describeSlots(slots: readonly TensorSlot[]): string {
  return slots.map((slot) => `${slot.name} ${slot.type}[${slot.shape.join(',')}]`).join(', ') || 'none';
}

/** Picks the first slot whose name is in `preferredNames`, else the first that `fallback` accepts. */
export function pickSlot(
  slots: readonly TensorSlot[],
  preferredNames: readonly string[],
  fallback: (slot: TensorSlot) => boolean,
): TensorSlot | undefined {
  for (const name of preferredNames) {
    const slot = slots.find((candidate) => candidate.name === name);
    if (slot) return slot;
  }
  return slots.find(fallback);
}

/**
 * Scales each row of a [rows, dim] matrix to unit length, in place, so cosine similarity is a dot
 * product. `data` must be a buffer the caller owns (a session output), never an input.
 */
export function normaliseMatrix(data: Float32Array, rows: number, dim: number): EmbeddingMatrix {
  for (let row = 0; row < rows; row++) {
    const start = row * dim;
    let sum = 0;
    for (let i = start; i < start + dim; i++) sum += data[i]! * data[i]!;
    const norm = Math.sqrt(sum) || 1;
    for (let i = start; i < start + dim; i++) data[i] = data[i]! / norm;
  }
  return { data: data.length === rows * dim ? data : data.subarray(0, rows * dim), rows, dim };
}

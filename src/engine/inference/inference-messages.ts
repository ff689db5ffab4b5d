import { ModerationErrorDetails } from '../errors/moderation-error';
import { SessionTuning } from '../model/onnx-session';

/** Which CLIP tower a session holds. */
export type Tower = 'vision' | 'text';

/** What the inference thread is started with. */
export interface InferenceThreadData {
  readonly tuning: SessionTuning;
  /**
   * Nice value (0-19) the thread takes before opening sessions; onnxruntime's own threads inherit
   * it. Above 0, the event loop and the image decoders win the CPU over inference when both want it.
   */
  readonly nice: number;
}

/** Requests from the owning thread; `id` pairs each with its reply. */
export type InferenceRequest =
  | { readonly id: number; readonly kind: 'open'; readonly tower: Tower; readonly path: string }
  | {
      readonly id: number;
      readonly kind: 'encode-images';
      readonly pixels: Float32Array;
      readonly count: number;
      readonly height: number;
      readonly width: number;
    }
  | {
      readonly id: number;
      readonly kind: 'encode-prompts';
      readonly ids: Int32Array;
      readonly attentionMask: Int32Array;
      readonly rows: number;
      readonly contextLength: number;
    }
  | { readonly id: number; readonly kind: 'release'; readonly tower: Tower }
  | { readonly id: number; readonly kind: 'shutdown' };

/** What opening a tower reports back: the sizes its graph fixes. */
export interface OpenedTower {
  readonly fixedSize: number | undefined;
}

/** Embeddings as they cross threads: one transferable buffer. */
export interface EncodedRows {
  readonly data: Float32Array;
  readonly rows: number;
  readonly dim: number;
}

/** An error as it crosses threads; `code` is set when the thread threw a ModerationError. */
export interface SerializedError {
  readonly code?: string;
  readonly message: string;
  readonly details?: ModerationErrorDetails;
}

/** Replies from the inference thread. */
export type InferenceReply =
  | { readonly id: number; readonly ok: true; readonly result: OpenedTower | EncodedRows | null }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

import { TokenizedBatch } from '../tokenizer/clip-tokenizer';

/** Unit-length embeddings, one row per input, packed row after row in one buffer. */
export interface EmbeddingMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly dim: number;
}

/** The rows of a matrix as views into its buffer (no copies). */
export function embeddingRows(matrix: EmbeddingMatrix): Float32Array[] {
  return Array.from({ length: matrix.rows }, (_, row) => matrix.data.subarray(row * matrix.dim, (row + 1) * matrix.dim));
}

/**
 * A CLIP image tower, wherever its session runs (this thread or the inference thread): CHW image
 * tensors in, unit-length embeddings out.
 */
export interface ImageEncoder {
  /** Edge length the graph fixes, when it fixes one. */
  readonly imageSize: number | undefined;
  /** Encodes `count` images packed one after another in `pixels`, each 3 x height x width. */
  encode(pixels: Float32Array, count: number, height: number, width: number): Promise<EmbeddingMatrix>;
  /** Frees the session. */
  close(): Promise<void>;
}

/** A CLIP text tower, wherever its session runs: token ids in, unit-length embeddings out. */
export interface PromptEncoder {
  /** Sequence length the graph fixes, when it fixes one. */
  readonly contextLength: number | undefined;
  encode(batch: TokenizedBatch): Promise<EmbeddingMatrix>;
  /** Frees the session. */
  close(): Promise<void>;
}

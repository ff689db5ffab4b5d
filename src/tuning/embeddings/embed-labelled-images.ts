import { readFile } from 'node:fs/promises';
import { isModerationError } from '../../engine/errors/moderation-error';
import { ModerationEngine } from '../../engine/moderation-engine';
import { Policy } from '../../engine/policy/policy.types';
import { LabelledExample, LabelledImageFile } from '../labelled/labelled-example';
import { ImageEmbeddingCache } from './image-embedding-cache';

/** The part of the engine that embedding needs (an interface, so tests can count calls). */
export type ImageEmbeddingEngine = Pick<ModerationEngine, 'scoreWith'>;

/** An image that could not be embedded, and why. */
export interface EmbeddingFailure {
  readonly id: string;
  /** A ModerationError code (IMAGE_CORRUPT, …), or READ_FAILED when the file could not be read. */
  readonly code: string;
  readonly message: string;
}

/** How each file was obtained, for progress reporting. */
export type EmbeddingOutcome = 'cached' | 'computed' | 'failed';

/** Options of {@link embedLabelledImages}. */
export interface EmbedLabelledImagesOptions {
  readonly cache: ImageEmbeddingCache;
  /** Files read and scored at once (the engine batches them); default 8. */
  readonly concurrency?: number;
  /** Called once per file, in completion order. */
  readonly onProgress?: (file: LabelledImageFile, outcome: EmbeddingOutcome) => void;
}

/** The embedded examples, in the order of the input files (failures left out). */
export interface EmbeddedImages {
  readonly examples: LabelledExample[];
  readonly failures: EmbeddingFailure[];
  /** Images the vision encoder ran for. */
  readonly computed: number;
  /** Images taken from the cache. */
  readonly cached: number;
}

/**
 * Image embeddings for labelled files, from the cache when it has them and otherwise through the
 * engine's own `scoreWith`, so decoding, frame selection and preprocessing are exactly those of
 * live traffic. The policy only satisfies `scoreWith`; embeddings do not depend on it.
 */
export async function embedLabelledImages(
  engine: ImageEmbeddingEngine,
  policy: Policy,
  files: readonly LabelledImageFile[],
  options: EmbedLabelledImagesOptions,
): Promise<EmbeddedImages> {
  const results: Array<LabelledExample | EmbeddingFailure> = new Array(files.length);
  let computed = 0;
  let cached = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      const stored = await options.cache.get(file.sha256);
      if (stored) {
        cached++;
        results[index] = { id: file.id, frameEmbeddings: stored, labels: file.labels };
        options.onProgress?.(file, 'cached');
        continue;
      }
      try {
        const bytes = await readFile(file.path);
        const decision = await engine.scoreWith(bytes, policy);
        const frames = decision.frameEmbeddings.map((frame) => Float32Array.from(frame));
        // Keyed by the bytes actually scored, in case the file changed since it was listed.
        await options.cache.put(decision.content.sha256, frames);
        computed++;
        results[index] = { id: file.id, frameEmbeddings: frames, labels: file.labels };
        options.onProgress?.(file, 'computed');
      } catch (error) {
        results[index] = isModerationError(error)
          ? { id: file.id, code: error.code, message: error.message }
          : { id: file.id, code: 'READ_FAILED', message: error instanceof Error ? error.message : String(error) };
        options.onProgress?.(file, 'failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const examples = results.filter((result): result is LabelledExample => 'frameEmbeddings' in result);
  const failures = results.filter((result): result is EmbeddingFailure => 'code' in result);
  return { examples, failures, computed, cached };
}

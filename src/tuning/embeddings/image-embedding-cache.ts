import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/hub/atomic-write';

/** What one cache file holds: the frames of one image, as the vision encoder produced them. */
interface CachedEmbeddingFile {
  readonly dim: number;
  readonly frames: number;
  /** Base64 of the frames' float32 values, little-endian, concatenated. */
  readonly data: string;
}

/**
 * Image embeddings of evaluated files, on disk under
 * `<cacheDir>/image-embeddings/<model hash>/<sha256[0..2]>/<sha256>.f<maxFrames>.json`, so
 * re-evaluating a set after changing prompts or thresholds runs the text encoder only.
 *
 * Keyed by the model hash (another model or dtype embeds differently) and the image's sha256
 * (never its path: a renamed file is still cached, an edited one is not), plus the frame limit,
 * because it decides which frames of an animation were embedded. One small file per image,
 * written atomically, so several processes can share the folder and a crash never leaves a
 * half-written entry that is trusted later. Without a cache folder it lives in memory.
 */
export class ImageEmbeddingCache {
  private readonly memory = new Map<string, Float32Array[]>();

  private constructor(private readonly folder: string | undefined, private readonly maxFrames: number) {}

  /** The cache of one model (by hash) and frame limit; in memory only when `cacheDir` is undefined. */
  static forModel(cacheDir: string | undefined, modelHash: string, maxFrames: number): ImageEmbeddingCache {
    const folder = cacheDir === undefined ? undefined : join(cacheDir, 'image-embeddings', modelHash.replace(/[^a-z0-9]+/gi, '-'));
    return new ImageEmbeddingCache(folder, maxFrames);
  }

  /** The frames stored for these bytes, or undefined (never stored, or unreadable). */
  async get(sha256: string): Promise<Float32Array[] | undefined> {
    const remembered = this.memory.get(sha256);
    if (remembered || this.folder === undefined) return remembered;
    const text = await readFile(this.pathOf(sha256), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const frames = decode(text);
    if (frames) this.memory.set(sha256, frames);
    return frames;
  }

  /** Stores the frames of one image. */
  async put(sha256: string, frames: readonly Float32Array[]): Promise<void> {
    const copies = frames.map((frame) => Float32Array.from(frame));
    this.memory.set(sha256, copies);
    if (this.folder === undefined) return;
    await writeFileAtomic(this.pathOf(sha256), JSON.stringify(encode(copies)));
  }

  private pathOf(sha256: string): string {
    return join(this.folder!, sha256.slice(0, 2), `${sha256}.f${this.maxFrames}.json`);
  }
}

function encode(frames: readonly Float32Array[]): CachedEmbeddingFile {
  const dim = frames[0]?.length ?? 0;
  const buffer = Buffer.alloc(frames.length * dim * 4);
  frames.forEach((frame, row) => frame.forEach((value, index) => buffer.writeFloatLE(value, (row * dim + index) * 4)));
  return { dim, frames: frames.length, data: buffer.toString('base64') };
}

/** The frames in a cache file, or undefined when it is damaged in any way (it is then recomputed). */
function decode(text: string): Float32Array[] | undefined {
  try {
    const file = JSON.parse(text) as Partial<CachedEmbeddingFile>;
    if (!Number.isInteger(file.dim) || !Number.isInteger(file.frames) || typeof file.data !== 'string') return undefined;
    const dim = file.dim!;
    const count = file.frames!;
    const bytes = Buffer.from(file.data, 'base64');
    if (dim <= 0 || count <= 0 || bytes.length !== dim * count * 4) return undefined;
    return Array.from({ length: count }, (_, row) => {
      const frame = new Float32Array(dim);
      for (let index = 0; index < dim; index++) frame[index] = bytes.readFloatLE((row * dim + index) * 4);
      return frame;
    });
  } catch {
    return undefined;
  }
}

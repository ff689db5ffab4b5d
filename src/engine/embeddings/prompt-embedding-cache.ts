import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Prompt embeddings, kept per model hash in an append-only JSON-lines file so that a restart
 * with hundreds of prompts runs no text encoder. Appends of whole lines keep concurrent writers
 * (several workers sharing one cache folder) from corrupting each other; a damaged line is
 * skipped and recomputed.
 */
export class PromptEmbeddingCache {
  private readonly entries = new Map<string, Float32Array>();

  private constructor(private readonly file: string | undefined) {}

  /** Opens the cache file for `modelHash` under `cacheDir`; without a folder the cache lives in memory only. */
  static async open(cacheDir: string | undefined, modelHash: string): Promise<PromptEmbeddingCache> {
    if (!cacheDir) return new PromptEmbeddingCache(undefined);
    const folder = join(cacheDir, 'prompt-embeddings');
    await mkdir(folder, { recursive: true });
    const cache = new PromptEmbeddingCache(join(folder, `${modelHash.replace(/[^a-z0-9]+/gi, '-')}.jsonl`));
    await cache.load();
    return cache;
  }

  /** How many prompts are known. */
  get size(): number {
    return this.entries.size;
  }

  /** The stored embedding of a prompt, if any. */
  get(prompt: string): Float32Array | undefined {
    return this.entries.get(prompt);
  }

  /** The prompts of `prompts` that have no stored embedding, without repeats. */
  missing(prompts: Iterable<string>): string[] {
    return [...new Set(prompts)].filter((prompt) => !this.entries.has(prompt));
  }

  /** Stores new embeddings in memory and on disk. */
  async putMany(items: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    const lines: string[] = [];
    for (const [prompt, embedding] of items) {
      this.entries.set(prompt, embedding);
      lines.push(JSON.stringify({ p: prompt, e: Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength).toString('base64') }));
    }
    if (this.file && lines.length > 0) await appendFile(this.file, `${lines.join('\n')}\n`);
  }

  private async load(): Promise<void> {
    if (!this.file) return;
    const text = await readFile(this.file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const record = JSON.parse(line) as { p?: unknown; e?: unknown };
        if (typeof record.p !== 'string' || typeof record.e !== 'string') continue;
        const bytes = Buffer.from(record.e, 'base64');
        if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) continue;
        const copy = new Uint8Array(bytes);
        this.entries.set(record.p, new Float32Array(copy.buffer));
      } catch {
        // A line torn by a crash mid-write is recomputed rather than trusted.
      }
    }
  }
}

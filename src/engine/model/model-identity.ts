import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile, rename } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { ModelFiles } from './model-layout';

/** Names a model and pins the exact bytes behind it; recorded in every decision. */
export interface ModelIdentity {
  /** What the operator configured: a hub id, or the folder's name. */
  readonly id: string;
  /** `sha256:` + hex over the encoder, tokenizer and preprocessing files (names and contents). */
  readonly hash: string;
  readonly layout: ModelFiles['layout'];
  readonly dtype: ModelFiles['dtype'];
}

interface HashCacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/**
 * Hashes the files that decide what the model computes. Hashing a 600 MB model takes seconds,
 * so per-file digests are remembered in `cacheDir` keyed by path, size and mtime.
 */
export async function computeModelIdentity(id: string, files: ModelFiles, cacheDir?: string): Promise<ModelIdentity> {
  const paths = [files.visionModelPath, files.textModelPath, files.tokenizerPath, files.bpeVocabPath, files.preprocessorConfigPath]
    .filter((path): path is string => path !== undefined)
    .sort();
  const cachePath = cacheDir ? join(cacheDir, 'file-hashes.json') : undefined;
  const cache = cachePath ? await readHashCache(cachePath) : {};
  const combined = createHash('sha256');
  let changed = false;
  for (const path of paths) {
    const info = await stat(path);
    const cached = cache[path];
    let digest = cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs ? cached.sha256 : undefined;
    if (!digest) {
      digest = await sha256File(path);
      cache[path] = { size: info.size, mtimeMs: info.mtimeMs, sha256: digest };
      changed = true;
    }
    combined.update(`${relative(files.folder, path).split('\\').join('/')}\0${digest}\n`);
  }
  if (cachePath && changed) await writeHashCache(cachePath, cache);
  return { id: id || basename(files.folder), hash: `sha256:${combined.digest('hex')}`, layout: files.layout, dtype: files.dtype };
}

/** Streams a file through sha256 without holding it in memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readHashCache(path: string): Promise<Record<string, HashCacheEntry>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, HashCacheEntry>;
  } catch {
    return {};
  }
}

async function writeHashCache(path: string, cache: Record<string, HashCacheEntry>): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(cache));
  await rename(temporary, path);
}

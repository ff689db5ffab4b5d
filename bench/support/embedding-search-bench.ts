/**
 * The embedding index's part of `npm run bench:banks`: search of past traffic by example or by
 * text over N stored decisions (default 1,000,000; env BENCH_SEARCH_SIZE) of 512-d unit vectors.
 *
 * Measures: building the index (one `add` per vector), its memory (`memoryBytes` and the RSS it
 * added), search latency (limit 50) plain and with an `accept` filter passing 10 % of ids, the
 * snapshot's write (fsync included), read and size, and, in the same run, an exact float32
 * brute-force scan of the same vectors as the baseline, against which recall and the
 * similarity error are checked. Queries are half near-duplicates of stored vectors (search by
 * example), half random directions (a text prompt matches no stored vector closely).
 * Vectors are Gaussian directions from a fixed seed; real CLIP embeddings have a few larger
 * components, which makes the per-vector int8 step, and so the error, proportionally larger.
 *
 * Alone: `node -r @swc-node/register bench/support/embedding-search-bench.ts`.
 * Plain node, not jest: jest's vm realm makes typed-array loops many times slower.
 */
import { rm, stat } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingIndex, type EmbeddingMatch } from '../../src/engine/matching/embedding-index';
import { EmbeddingTopK } from '../../src/engine/matching/embedding-top-k';
import { quantile } from '../latency-stats';

export interface EmbeddingSearchBenchOptions {
  readonly size?: number;
  readonly dimensions?: number;
  /** Timed searches of each kind (plain, filtered). */
  readonly queries?: number;
  /** Queries also run through the float32 brute force (each scans every vector). */
  readonly baselineQueries?: number;
  readonly limit?: number;
}

export interface EmbeddingSearchBenchResult {
  readonly size: number;
  readonly dimensions: number;
  readonly limit: number;
  readonly generateMs: number;
  readonly buildMs: number;
  readonly indexBytes: number;
  readonly rssDeltaBytes: number;
  readonly search: { readonly p50Ms: number; readonly p99Ms: number; readonly queries: number };
  readonly filtered: { readonly p50Ms: number; readonly p99Ms: number; readonly acceptedShare: number };
  readonly snapshot: { readonly writeMs: number; readonly readMs: number; readonly bytes: number; readonly readRssDeltaBytes: number };
  readonly float32: { readonly p50Ms: number; readonly queries: number; readonly bytes: number };
  /** Share of the exact float32 top `limit` ids the index returned, over the baseline queries. */
  readonly recall: number;
  readonly similarityError: { readonly mean: number; readonly max: number };
}

/** mulberry32: fast, seeded, good enough for test vectors. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `target[offset..offset + dimensions)` with a random unit direction (Box-Muller normals). */
function writeUnit(target: Float32Array, offset: number, dimensions: number, random: () => number): void {
  let squares = 0;
  for (let index = 0; index < dimensions; index += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    const a = radius * Math.cos(angle);
    const b = radius * Math.sin(angle);
    target[offset + index] = a;
    squares += a * a;
    if (index + 1 < dimensions) {
      target[offset + index + 1] = b;
      squares += b * b;
    }
  }
  const scale = 1 / Math.sqrt(squares);
  for (let index = 0; index < dimensions; index += 1) target[offset + index]! *= scale;
}

/** The exact top `limit` by float32 dot product (the vectors are unit), four dot products at a time. */
function floatTopK(vectors: Float32Array, count: number, dimensions: number, query: Float32Array, limit: number): Map<number, number> {
  const top = new EmbeddingTopK(limit);
  for (let row = 0; row < count; row += 1) {
    const offset = row * dimensions;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    let index = 0;
    for (; index + 4 <= dimensions; index += 4) {
      a += vectors[offset + index]! * query[index]!;
      b += vectors[offset + index + 1]! * query[index + 1]!;
      c += vectors[offset + index + 2]! * query[index + 2]!;
      d += vectors[offset + index + 3]! * query[index + 3]!;
    }
    for (; index < dimensions; index += 1) a += vectors[offset + index]! * query[index]!;
    const similarity = a + b + c + d;
    if (top.wants(similarity, row)) top.push(similarity, row);
  }
  return new Map(top.sorted().map((match) => [match.id, match.similarity]));
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

export async function runEmbeddingSearchBench(options: EmbeddingSearchBenchOptions = {}): Promise<EmbeddingSearchBenchResult> {
  const size = options.size ?? Number(process.env['BENCH_SEARCH_SIZE'] ?? 1_000_000);
  const dimensions = options.dimensions ?? 512;
  const queries = options.queries ?? 100;
  const baselineQueries = options.baselineQueries ?? 10;
  const limit = options.limit ?? 50;
  const random = seeded(20260501);

  // The float32 copy exists first, so the RSS the index adds is measured on its own.
  const generated = timed(() => {
    const vectors = new Float32Array(size * dimensions);
    for (let row = 0; row < size; row += 1) writeUnit(vectors, row * dimensions, dimensions, random);
    return vectors;
  });
  const vectors = generated.value;
  const rssBefore = process.memoryUsage().rss;
  const built = timed(() => {
    const index = new EmbeddingIndex(dimensions);
    // Ids are row numbers, so the float32 baseline's rows and the index's ids compare directly.
    for (let row = 0; row < size; row += 1) index.add(row, vectors.subarray(row * dimensions, (row + 1) * dimensions));
    return index;
  });
  const index = built.value;
  const rssDeltaBytes = process.memoryUsage().rss - rssBefore;

  const probes = Array.from({ length: queries }, (_, query) => {
    const probe = new Float32Array(dimensions);
    writeUnit(probe, 0, dimensions, random);
    if (query % 2 === 0) {
      const row = Math.floor(random() * size) * dimensions;
      for (let index = 0; index < dimensions; index += 1) probe[index] = vectors[row + index]! + 0.4 * probe[index]!;
    }
    return probe;
  });
  index.search(probes[0]!, { limit }); // warm-up: compiles the kernel's caller
  const accept = (id: number): boolean => id % 10 === 3;
  // Alternated, so that both kinds meet the same machine load.
  const plain: { value: EmbeddingMatch[]; ms: number }[] = [];
  const filtered: { value: EmbeddingMatch[]; ms: number }[] = [];
  for (const probe of probes) {
    plain.push(timed(() => index.search(probe, { limit })));
    filtered.push(timed(() => index.search(probe, { limit, accept })));
  }
  const acceptedShare = filtered.reduce((sum, run) => sum + run.value.filter((match) => accept(match.id)).length, 0) / filtered.reduce((sum, run) => sum + run.value.length, 0);

  const baselineTimes: number[] = [];
  let found = 0;
  let errorSum = 0;
  let errorCount = 0;
  let errorMax = 0;
  for (let query = 0; query < Math.min(baselineQueries, queries); query += 1) {
    const probe = probes[query]!;
    let norm = 0;
    for (const value of probe) norm += value * value;
    const unit = probe.map((value) => value / Math.sqrt(norm));
    const exact = timed(() => floatTopK(vectors, size, dimensions, unit, limit));
    baselineTimes.push(exact.ms);
    for (const match of plain[query]!.value) {
      if (exact.value.has(match.id)) found += 1;
      let dot = 0;
      const offset = match.id * dimensions;
      for (let index = 0; index < dimensions; index += 1) dot += vectors[offset + index]! * unit[index]!;
      const error = Math.abs(match.similarity - dot);
      errorSum += error;
      errorCount += 1;
      errorMax = Math.max(errorMax, error);
    }
  }

  const path = join(tmpdir(), `clip-moderation-embedding-bench-${process.pid}.bin`);
  try {
    const writeStarted = performance.now();
    await index.writeSnapshot(path, `bench/${size}`);
    const writeMs = performance.now() - writeStarted;
    const bytes = (await stat(path)).size;
    const rssBeforeRead = process.memoryUsage().rss;
    const readStarted = performance.now();
    const loaded = await EmbeddingIndex.readSnapshot(path, dimensions);
    const readMs = performance.now() - readStarted;
    const readRssDeltaBytes = process.memoryUsage().rss - rssBeforeRead;
    if (!loaded || loaded.index.size !== size || JSON.stringify(loaded.index.search(probes[1]!, { limit })) !== JSON.stringify(plain[1]!.value)) {
      throw new Error('embedding bench: the snapshot read back differs from the index');
    }
    return {
      size,
      dimensions,
      limit,
      generateMs: generated.ms,
      buildMs: built.ms,
      indexBytes: index.memoryBytes,
      rssDeltaBytes,
      search: { p50Ms: quantile(plain.map((run) => run.ms), 0.5), p99Ms: quantile(plain.map((run) => run.ms), 0.99), queries },
      filtered: { p50Ms: quantile(filtered.map((run) => run.ms), 0.5), p99Ms: quantile(filtered.map((run) => run.ms), 0.99), acceptedShare },
      snapshot: { writeMs, readMs, bytes, readRssDeltaBytes },
      float32: { p50Ms: quantile(baselineTimes, 0.5), queries: baselineTimes.length, bytes: vectors.byteLength },
      recall: found / (baselineTimes.length * limit),
      similarityError: { mean: errorSum / errorCount, max: errorMax },
    };
  } finally {
    await rm(path, { force: true });
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** The result as report lines. */
export function formatEmbeddingSearchBench(result: EmbeddingSearchBenchResult): string[] {
  const count = result.size.toLocaleString('en-US');
  return [
    `Embedding search: ${count} unit vectors x ${result.dimensions}, exact int8 scan (WebAssembly SIMD), limit ${result.limit}; ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
    `  build (one add per vector): ${(result.buildMs / 1000).toFixed(1)} s; index ${mib(result.indexBytes)} (memoryBytes), RSS +${mib(result.rssDeltaBytes)}`,
    `  search: p50 ${ms(result.search.p50Ms)}, p99 ${ms(result.search.p99Ms)} (${result.search.queries} queries: half near-duplicates, half random)`,
    `  search with accept passing 10 % of ids: p50 ${ms(result.filtered.p50Ms)}, p99 ${ms(result.filtered.p99Ms)}`,
    `  snapshot: write ${ms(result.snapshot.writeMs)} (fsync included), read ${ms(result.snapshot.readMs)} (RSS +${mib(result.snapshot.readRssDeltaBytes)}), ${mib(result.snapshot.bytes)}`,
    `  baseline, exact float32 brute force in JS (${mib(result.float32.bytes)} of vectors): p50 ${ms(result.float32.p50Ms)} over ${result.float32.queries} queries`,
    `  against it: recall@${result.limit} ${(100 * result.recall).toFixed(2)} %, similarity error mean ${result.similarityError.mean.toFixed(5)}, max ${result.similarityError.max.toFixed(5)}`,
  ];
}

if (require.main === module) {
  runEmbeddingSearchBench()
    .then((result) => process.stdout.write(`${formatEmbeddingSearchBench(result).join('\n')}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddingIndex, EmbeddingSnapshotError, type EmbeddingMatch } from '../../src/engine/matching/embedding-index';
import { tempDir } from '../support/temp-dir';

// Small sizes on purpose: jest's realm makes typed-array loops many times slower than plain node.
const DIMENSIONS = 512;
const COUNT = 2000;

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random direction (normal components, normalized). */
function unitVector(random: () => number, dimensions = DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  let squares = 0;
  for (let index = 0; index < dimensions; index++) {
    const value = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    vector[index] = value;
    squares += value * value;
  }
  const norm = Math.sqrt(squares);
  for (let index = 0; index < dimensions; index++) vector[index]! /= norm;
  return vector;
}

/** `base` moved a little in a random direction, as a near-duplicate picture's embedding would be. */
function nearby(base: Float32Array, random: () => number, distance: number): Float32Array {
  const noise = unitVector(random, base.length);
  return base.map((value, index) => value + distance * noise[index]!);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index]! * b[index]!;
    aa += a[index]! * a[index]!;
    bb += b[index]! * b[index]!;
  }
  return dot / Math.sqrt(aa * bb);
}

/** The documented bound on |index similarity - cosine| (embedding-quantize.ts), plus float rounding. */
function errorBound(stored: Float32Array, query: Float32Array): number {
  const measure = (vector: Float32Array): { l1: number; maxAbs: number } => {
    let squares = 0;
    let l1 = 0;
    let maxAbs = 0;
    for (const value of vector) {
      squares += value * value;
      l1 += Math.abs(value);
      maxAbs = Math.max(maxAbs, Math.abs(value));
    }
    const norm = Math.sqrt(squares);
    return { l1: l1 / norm, maxAbs: maxAbs / norm };
  };
  const x = measure(stored);
  const q = measure(query);
  const rowScale = x.maxAbs / 127;
  const queryScale = q.maxAbs / 16383;
  return (rowScale / 2) * q.l1 + (queryScale / 2) * (x.l1 + (stored.length * rowScale) / 2) + 1e-6;
}

function build(vectors: readonly Float32Array[], idOf = (row: number) => row * 3 + 7, dimensions = DIMENSIONS): EmbeddingIndex {
  const index = new EmbeddingIndex(dimensions);
  vectors.forEach((vector, row) => index.add(idOf(row), vector));
  return index;
}

const ids = (matches: readonly EmbeddingMatch[]): number[] => matches.map((match) => match.id);

describe('EmbeddingIndex', () => {
  const random = seeded(42);
  const vectors = Array.from({ length: COUNT }, () => unitVector(random));
  const index = build(vectors);
  const vectorOf = (id: number): Float32Array => vectors[(id - 7) / 3]!;

  it('ranks like an exact float32 search, within the stated quantization error', () => {
    let sameTopTen = 0;
    const queries = 20;
    for (let query = 0; query < queries; query++) {
      const probe = query % 2 === 0 ? nearby(vectors[(random() * COUNT) | 0]!, random, 0.4) : unitVector(random);
      const exact = vectors.map((vector, row) => ({ id: row * 3 + 7, similarity: cosine(vector, probe) })).sort((a, b) => b.similarity - a.similarity);
      const exactById = new Map(exact.map((match) => [match.id, match.similarity]));
      const found = index.search(probe, { limit: 10 });
      expect(found).toHaveLength(10);
      for (let rank = 1; rank < found.length; rank++) expect(found[rank]!.similarity).toBeLessThanOrEqual(found[rank - 1]!.similarity);
      for (const match of found) expect(Math.abs(match.similarity - exactById.get(match.id)!)).toBeLessThanOrEqual(errorBound(vectorOf(match.id), probe));
      // A result may differ from the exact top ten only where two similarities are within the error of each other.
      const slack = 2 * Math.max(...found.map((match) => errorBound(vectorOf(match.id), probe)));
      const tenth = exact[9]!.similarity;
      for (const match of found) expect(exactById.get(match.id)!).toBeGreaterThanOrEqual(tenth - slack);
      if ([...ids(found)].sort().join() === ids(exact.slice(0, 10)).sort().join()) sameTopTen++;
    }
    expect(sameTopTen).toBeGreaterThanOrEqual(queries * 0.7);
  });

  it('finds a stored vector first, at similarity about 1', () => {
    const [best] = index.search(vectorOf(307), { limit: 3 });
    expect(best!.id).toBe(307);
    expect(best!.similarity).toBeGreaterThan(0.995);
    expect(best!.similarity).toBeLessThanOrEqual(1);
  });

  it('leaves out matches under minSimilarity, and keeps the order of the rest', () => {
    const probe = nearby(vectorOf(1000), random, 0.3);
    const all = index.search(probe, { limit: 20 });
    const floor = all[4]!.similarity;
    const above = index.search(probe, { limit: 20, minSimilarity: floor });
    expect(above).toEqual(all.filter((match) => match.similarity >= floor));
    expect(above.length).toBeGreaterThanOrEqual(5);
    expect(above.length).toBeLessThan(20);
    expect(index.search(probe, { limit: 20, minSimilarity: 1.01 })).toEqual([]);
  });

  it('filters with accept during the scan, asking only about candidates', () => {
    const probe = unitVector(random);
    const accept = (id: number): boolean => id % 10 === 1;
    let asked = 0;
    const filtered = index.search(probe, { limit: 15, accept: (id) => (asked++, accept(id)) });
    const everything = index.search(probe, { limit: COUNT });
    expect(everything).toHaveLength(COUNT);
    expect(filtered).toEqual(everything.filter((match) => accept(match.id)).slice(0, 15));
    expect(asked).toBeGreaterThanOrEqual(15);
    expect(asked).toBeLessThan(COUNT / 2);
    expect(() => index.search(probe, { limit: 1, accept: () => (index.add(1, probe), true) })).toThrow(/accept callback/);
  });

  it('removes and replaces vectors, keeping the moved rows findable', () => {
    const small = build(vectors.slice(0, 50));
    expect(small.size).toBe(50);
    expect(small.remove(7 + 3 * 10)).toBe(true);
    expect(small.remove(7 + 3 * 10)).toBe(false);
    expect(small.remove(-1)).toBe(false);
    expect(small.has(37)).toBe(false);
    expect(small.size).toBe(49);
    expect(ids(small.search(vectors[10]!, { limit: 49 }))).not.toContain(37);
    // The last row moved into the removed one's place.
    expect(small.search(vectors[49]!, { limit: 1 })[0]!.id).toBe(7 + 3 * 49);
    const replacement = unitVector(random);
    small.add(7 + 3 * 5, replacement);
    expect(small.size).toBe(49);
    expect(small.search(replacement, { limit: 1 })[0]).toEqual({ id: 22, similarity: expect.closeTo(1, 2) as number });
    expect(small.search(vectors[5]!, { limit: 1 })[0]!.id).not.toBe(22);
    for (let row = 0; row < 50; row++) small.remove(7 + 3 * row);
    expect(small.size).toBe(0);
    expect(small.search(replacement, { limit: 5 })).toEqual([]);
  });

  it('rejects bad ids, vectors and options', () => {
    const small = new EmbeddingIndex(4);
    expect(() => small.add(-1, new Float32Array([1, 0, 0, 0]))).toThrow(RangeError);
    expect(() => small.add(1.5, new Float32Array([1, 0, 0, 0]))).toThrow(RangeError);
    expect(() => small.add(1, new Float32Array([1, 0, 0]))).toThrow(/4 values/);
    expect(() => small.add(1, new Float32Array(4))).toThrow(/zeros/);
    expect(() => small.add(1, new Float32Array([1, Number.NaN, 0, 0]))).toThrow(/finite/);
    expect(small.size).toBe(0);
    small.add(Number.MAX_SAFE_INTEGER, new Float32Array([0, 0, 3, 4]));
    expect(small.search(new Float32Array([0, 0, 0, 1]), { limit: 1 })).toEqual([{ id: Number.MAX_SAFE_INTEGER, similarity: expect.closeTo(0.8, 2) as number }]);
    expect(() => small.search(new Float32Array([0, 0, 0, 1]), { limit: -1 })).toThrow(RangeError);
    expect(() => new EmbeddingIndex(0)).toThrow(RangeError);
  });

  describe('snapshots', () => {
    const dir = tempDir('embedding-index');
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('round-trips ids, vectors and the high-water mark', async () => {
      const path = join(dir, 'round-trip.bin');
      await index.writeSnapshot(path, '2026-05-01T00:00:00.000Z/981');
      const loaded = await EmbeddingIndex.readSnapshot(path, DIMENSIONS);
      expect(loaded!.highWaterMark).toBe('2026-05-01T00:00:00.000Z/981');
      expect(loaded!.index.size).toBe(COUNT);
      expect(loaded!.index.has(7 + 3 * 1999)).toBe(true);
      const probe = unitVector(random);
      expect(loaded!.index.search(probe, { limit: 25 })).toEqual(index.search(probe, { limit: 25 }));
      expect(await EmbeddingIndex.readSnapshot(join(dir, 'missing.bin'))).toBeUndefined();
    });

    it('round-trips widths that are not a multiple of 16', async () => {
      const odd = Array.from({ length: 40 }, () => unitVector(random, 100));
      const small = build(odd, (row) => row, 100);
      const path = join(dir, 'odd.bin');
      await small.writeSnapshot(path, '');
      const loaded = (await EmbeddingIndex.readSnapshot(path))!;
      expect(loaded.index.dimensions).toBe(100);
      expect(loaded.highWaterMark).toBe('');
      for (const row of [0, 17, 39]) expect(loaded.index.search(odd[row]!, { limit: 2 })).toEqual(small.search(odd[row]!, { limit: 2 }));
    });

    it('holds the index as it was when the write started, while changes go on', async () => {
      const small = build(vectors.slice(0, 300));
      const path = join(dir, 'during.bin');
      const writing = small.writeSnapshot(path, 'mark-1');
      expect(small.remove(7)).toBe(true);
      small.add(5, vectors[300]!);
      small.add(7 + 3 * 299, vectors[301]!);
      await writing;
      expect(small.size).toBe(300);
      expect(small.search(vectors[301]!, { limit: 1 })[0]!.id).toBe(7 + 3 * 299);
      expect(small.search(vectors[0]!, { limit: 300 }).map((match) => match.id)).not.toContain(7);
      const loaded = (await EmbeddingIndex.readSnapshot(path))!.index;
      expect(loaded.size).toBe(300);
      expect(loaded.has(7)).toBe(true);
      expect(loaded.has(5)).toBe(false);
      expect(loaded.search(vectors[299]!, { limit: 1 })[0]!.id).toBe(7 + 3 * 299);
      // After the write the dead rows are gone: a second snapshot holds the changed index.
      await small.writeSnapshot(path, 'mark-2');
      const again = (await EmbeddingIndex.readSnapshot(path))!.index;
      expect(again.search(vectors[0]!, { limit: 300 })).toEqual(small.search(vectors[0]!, { limit: 300 }));
    });

    it('rejects damaged, foreign and other-width files', async () => {
      const path = join(dir, 'good.bin');
      await build(vectors.slice(0, 100)).writeSnapshot(path, 'mark');
      const good = await readFile(path);
      await expect(EmbeddingIndex.readSnapshot(path, 768)).rejects.toThrow(/512-dimensional vectors; 768 were expected/);

      const flipped = Buffer.from(good);
      flipped[good.length - 1000] ^= 0x10;
      await writeFile(join(dir, 'flipped.bin'), flipped);
      await expect(EmbeddingIndex.readSnapshot(join(dir, 'flipped.bin'))).rejects.toThrow(/checksum/);

      await writeFile(join(dir, 'short.bin'), good.subarray(0, good.length - 512));
      await expect(EmbeddingIndex.readSnapshot(join(dir, 'short.bin'))).rejects.toThrow(EmbeddingSnapshotError);

      await writeFile(join(dir, 'foreign.bin'), Buffer.from('{"not":"a snapshot at all, but long enough"}'));
      await expect(EmbeddingIndex.readSnapshot(join(dir, 'foreign.bin'))).rejects.toThrow(/not an embedding index snapshot/);
    });
  });
});

import { PdqHashIndex, PdqIndexMatch } from '../../src/engine/matching';
import { PDQ_WORDS, pdqHammingDistance } from '../../src/engine/pdq';

const BANK_SIZE = 100_000;
const NEAR_ID = 1_000_000;
const FAR_ID = 2_000_000;

/** A seeded 32-bit generator (mulberry32), so every run plants the same bank. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
}

function randomHash(next: () => number): Uint32Array {
  const words = new Uint32Array(PDQ_WORDS);
  for (let word = 0; word < PDQ_WORDS; word++) words[word] = next();
  return words;
}

/** `hash` with `bits` distinct random bits flipped: exactly `bits` away from it. */
function flipBits(hash: Uint32Array, bits: number, next: () => number): Uint32Array {
  const copy = hash.slice();
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(next() & 255);
  for (const bit of flipped) copy[bit >>> 5] = (copy[bit >>> 5]! ^ (1 << (bit & 31))) >>> 0;
  return copy;
}

/** The entries as one flat bank (ids beside their words), for scans that touch every entry. */
interface FlatBank {
  readonly ids: number[];
  readonly words: Uint32Array;
}

function flatten(entries: ReadonlyMap<number, Uint32Array>): FlatBank {
  const words = new Uint32Array(entries.size * PDQ_WORDS);
  const ids: number[] = [];
  for (const [id, hash] of entries) {
    words.set(hash, ids.length * PDQ_WORDS);
    ids.push(id);
  }
  return { ids, words };
}

/** What the index must return, the slow way: every entry's distance, filtered and sorted. */
function linearScan(bank: FlatBank, query: Uint32Array, maxDistance: number): PdqIndexMatch[] {
  const found: PdqIndexMatch[] = [];
  for (let entry = 0; entry < bank.ids.length; entry++) {
    const distance = pdqHammingDistance(query, bank.words, 0, entry * PDQ_WORDS);
    if (distance <= maxDistance) found.push({ id: bank.ids[entry]!, distance });
  }
  return found.sort((a, b) => a.distance - b.distance || a.id - b.id);
}

interface Planted {
  readonly source: number;
  readonly id: number;
  readonly bits: number;
}

/** 100,000 random hashes; near copies (0..31 bits off) of 200 of them and far copies (32..40 off) of 100 more. */
function plantBank(): { index: PdqHashIndex; entries: Map<number, Uint32Array>; near: Planted[]; far: Planted[] } {
  const next = seededRandom(20240615);
  const index = new PdqHashIndex();
  const entries = new Map<number, Uint32Array>();
  const put = (id: number, words: Uint32Array): void => {
    index.add(id, words);
    entries.set(id, words);
  };
  for (let id = 0; id < BANK_SIZE; id++) put(id, randomHash(next));
  const near: Planted[] = [];
  const far: Planted[] = [];
  for (let copy = 0; copy < 200; copy++) {
    const planted = { source: copy * 397, id: NEAR_ID + copy, bits: copy % 32 };
    put(planted.id, flipBits(entries.get(planted.source)!, planted.bits, next));
    near.push(planted);
  }
  for (let copy = 0; copy < 100; copy++) {
    const planted = { source: 50_000 + copy * 211, id: FAR_ID + copy, bits: 32 + (copy % 9) };
    put(planted.id, flipBits(entries.get(planted.source)!, planted.bits, next));
    far.push(planted);
  }
  return { index, entries, near, far };
}

describe('PdqHashIndex', () => {
  const { index, entries, near, far } = plantBank();

  it('finds every planted copy within 31 bits with its exact distance, and nothing else', () => {
    expect(index.size).toBe(BANK_SIZE + 300);
    for (const planted of near) {
      const matches = index.search(entries.get(planted.source)!, 31);
      expect(matches).toEqual(planted.bits === 0 ? [{ id: planted.source, distance: 0 }, { id: planted.id, distance: 0 }] : [{ id: planted.source, distance: 0 }, { id: planted.id, distance: planted.bits }]);
      // The buckets, not a scan: a few hundred candidates out of 100,300.
      expect(index.lastSearchCandidates).toBeLessThan(2000);
    }
    for (const planted of far) {
      expect(index.search(entries.get(planted.source)!, 31)).toEqual([{ id: planted.source, distance: 0 }]);
      expect(index.search(entries.get(planted.id)!, 31)).toEqual([{ id: planted.id, distance: 0 }]);
      expect(index.search(entries.get(planted.id)!, 40)).toContainEqual({ id: planted.source, distance: planted.bits });
    }
  });

  it('returns what a linear scan returns at 0, 10, 31, 47 and 70 bits (70 scans the bank)', () => {
    const next = seededRandom(7);
    const bank = flatten(entries);
    for (let query = 0; query < 300; query++) {
      // Around planted copies (so the answers hold several entries) and around plain entries, 0..80 bits off.
      const source = query % 2 === 0 ? near[(query * 7) % near.length]!.source : far[(query * 3) % far.length]!.id;
      const words = flipBits(entries.get(source)!, next() % 81, next);
      const all = linearScan(bank, words, 70);
      for (const maxDistance of [0, 10, 31, 47, 70]) {
        expect(index.search(words, maxDistance)).toEqual(all.filter((match) => match.distance <= maxDistance));
        if (maxDistance <= 47) expect(index.lastSearchCandidates).toBeLessThan(BANK_SIZE / 2);
        else expect(index.lastSearchCandidates).toBe(index.size);
      }
    }
  });

  it('stops matching a removed entry at once, and finds added ones before and after a rebuild', () => {
    const target = near[5]!;
    const words = entries.get(target.id)!;
    expect(index.search(words, 31).map((match) => match.id)).toContain(target.id);
    expect(index.remove(target.id)).toBe(true);
    entries.delete(target.id);
    expect(index.has(target.id)).toBe(false);
    expect(index.search(words, 31).map((match) => match.id)).not.toContain(target.id);
    expect(index.remove(target.id)).toBe(false);
    expect(index.size).toBe(entries.size);

    // A few new entries wait in the chains; 20,000 more (past an eighth of the bank) make the
    // next search rebuild the flat buckets; removing a third of the bank packs it.
    const next = seededRandom(99);
    const probes: Uint32Array[] = [];
    const addBatch = (count: number, firstId: number): void => {
      for (let offset = 0; offset < count; offset++) {
        const fresh = offset % 50 === 0 ? flipBits(entries.get(offset)!, offset % 20, next) : randomHash(next);
        index.add(firstId + offset, fresh);
        entries.set(firstId + offset, fresh);
        if (offset % 50 === 0) probes.push(fresh);
      }
    };
    const expectLikeLinearScan = (): void => {
      const bank = flatten(entries);
      for (const probe of probes.slice(-12)) expect(index.search(probe, 31)).toEqual(linearScan(bank, probe, 31));
    };
    addBatch(100, 3_000_000);
    expectLikeLinearScan();
    addBatch(20_000, 4_000_000);
    expectLikeLinearScan();
    // One expect per loop: thousands of expect() calls would cost more than the index work.
    let removed = 0;
    for (let id = 0; id < BANK_SIZE; id += 3) {
      if (index.remove(id)) removed++;
      entries.delete(id);
    }
    expect(removed).toBe(Math.ceil(BANK_SIZE / 3));
    expectLikeLinearScan();
    expect(index.size).toBe(entries.size);
    const present = Array.from({ length: 3000 }, (_, id) => index.has(id));
    expect(present).toEqual(Array.from({ length: 3000 }, (_, id) => entries.has(id)));
  });

  it('gives an id that is added again its new hash', () => {
    const id = near[9]!.id;
    const before = entries.get(id)!;
    const after = randomHash(seededRandom(5));
    const size = index.size;
    index.add(id, after);
    entries.set(id, after);
    expect(index.size).toBe(size);
    expect(index.search(before, 31).map((match) => match.id)).not.toContain(id);
    expect(index.search(after, 31)).toEqual([{ id, distance: 0 }]);
    index.add(id, after);
    expect(index.search(after, 0)).toEqual([{ id, distance: 0 }]);
  });

  it('searches the dihedral variants of an image and keeps each entry\'s best one', () => {
    const next = seededRandom(11);
    const target = near[20]!;
    const source = entries.get(target.source)!;
    const variants = [randomHash(next), flipBits(source, 9, next), randomHash(next), flipBits(source, 4, next), randomHash(next)];
    const found = index.searchDihedral(variants, 31);
    expect(found[0]).toEqual({ id: target.source, distance: 4, variant: 3 });
    const copy = found.find((match) => match.id === target.id)!;
    expect(copy.distance).toBe(Math.min(pdqHammingDistance(variants[1]!, entries.get(target.id)!), pdqHammingDistance(variants[3]!, entries.get(target.id)!)));
    expect(found.map((match) => match.id).sort()).toEqual([target.id, target.source].sort());
    // A tie goes to the first variant; identical variants are searched once.
    expect(index.searchDihedral([source, source.slice()], 0)).toEqual([{ id: target.source, distance: 0, variant: 0 }]);
    expect(index.searchDihedral([randomHash(next)], 31)).toEqual([]);
  });

  it('sorts by distance then id, and honours a limit', () => {
    const small = new PdqHashIndex();
    const base = randomHash(seededRandom(3));
    const next = seededRandom(4);
    const distances = [7, 3, 3, 0, 12, 3];
    distances.forEach((bits, position) => small.add(100 - position, flipBits(base, bits, next)));
    expect(small.search(base, 31)).toEqual([
      { id: 97, distance: 0 },
      { id: 95, distance: 3 },
      { id: 98, distance: 3 },
      { id: 99, distance: 3 },
      { id: 100, distance: 7 },
      { id: 96, distance: 12 },
    ]);
    expect(small.search(base, 31, 2)).toEqual([{ id: 97, distance: 0 }, { id: 95, distance: 3 }]);
    expect(small.search(base, 31, 0)).toEqual([]);
    expect(small.searchDihedral([base], 5, 1)).toEqual([{ id: 97, distance: 0, variant: 0 }]);
  });

  it('keeps ids up to 2^53 - 1 apart, through heavy churn', () => {
    const bank = new PdqHashIndex();
    const next = seededRandom(8);
    const live = new Map<number, Uint32Array>();
    const unique = new Set([0, 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER]);
    // Ids sharing their low or high 32 bits, which a careless hash of the id would pile up.
    for (let id = 1; id < 3000; id++) unique.add(id * 65536).add(id * 4294967296 + 3);
    const ids = [...unique];
    for (const id of ids) {
      const words = randomHash(next);
      bank.add(id, words);
      live.set(id, words);
    }
    let removed = 0;
    ids.forEach((id, position) => {
      if (position % 2 === 0) {
        if (bank.remove(id)) removed++;
        live.delete(id);
      }
    });
    expect(removed).toBe(Math.ceil(ids.length / 2));
    expect(bank.size).toBe(live.size);
    expect(ids.map((id) => bank.has(id))).toEqual(ids.map((id) => live.has(id)));
    const found = [...live].map(([id, words]) => bank.search(words, 0));
    expect(found).toEqual([...live.keys()].map((id) => [{ id, distance: 0 }]));
  });

  it('clear() forgets everything', () => {
    const bank = new PdqHashIndex();
    const words = randomHash(seededRandom(1));
    bank.add(1, words);
    bank.search(words, 31);
    bank.clear();
    expect(bank.size).toBe(0);
    expect(bank.has(1)).toBe(false);
    expect(bank.search(words, 256)).toEqual([]);
    bank.add(2, words);
    expect(bank.search(words, 31)).toEqual([{ id: 2, distance: 0 }]);
  });

  it('refuses malformed hashes, ids, distances and limits', () => {
    const bank = new PdqHashIndex();
    const words = randomHash(seededRandom(2));
    expect(() => bank.add(1, new Uint32Array(7))).toThrow(TypeError);
    expect(() => bank.add(1, new Int32Array(8) as unknown as Uint32Array)).toThrow(TypeError);
    expect(() => bank.add(-1, words)).toThrow(RangeError);
    expect(() => bank.add(1.5, words)).toThrow(RangeError);
    expect(() => bank.add(2 ** 53, words)).toThrow(RangeError);
    expect(() => bank.add('1' as unknown as number, words)).toThrow(TypeError);
    expect(() => bank.search(words, -1)).toThrow(RangeError);
    expect(() => bank.search(words, 257)).toThrow(RangeError);
    expect(() => bank.search(words, 3.5)).toThrow(RangeError);
    expect(() => bank.search(words, Number.NaN)).toThrow(RangeError);
    expect(() => bank.search(words, 31, -1)).toThrow(RangeError);
    expect(() => bank.searchDihedral([], 31)).toThrow(TypeError);
    expect(() => bank.searchDihedral([words, new Uint32Array(9)], 31)).toThrow(/variants\[1\]/);
    expect(bank.search(words, 256)).toEqual([]);
    bank.add(1, words);
    expect(bank.search(words, 256)).toEqual([{ id: 1, distance: 0 }]);
  });
});

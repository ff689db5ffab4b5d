import { PDQ_WORDS, pdqHammingDistance } from '../../src/engine/pdq';

/** A seeded 32-bit generator (mulberry32): the same bank every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
}

/** `count` random hashes, back to back (count x 8 words). */
export function randomPdqBank(count: number, next: () => number): Uint32Array {
  const bank = new Uint32Array(count * PDQ_WORDS);
  for (let index = 0; index < bank.length; index += 1) bank[index] = next();
  return bank;
}

/** A copy of the hash at `offset` in `words` with `bits` distinct random bits flipped. */
export function flipBits(words: Uint32Array, offset: number, bits: number, next: () => number): Uint32Array {
  const copy = words.slice(offset, offset + PDQ_WORDS);
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(next() & 255);
  for (const bit of flipped) copy[bit >>> 5] = (copy[bit >>> 5]! ^ (1 << (bit & 31))) >>> 0;
  return copy;
}

/** The baseline the index is measured against: one pass over a flat bank, ids = positions. */
export function linearScan(bank: Uint32Array, query: Uint32Array, maxDistance: number): number[] {
  const found: number[] = [];
  const count = bank.length / PDQ_WORDS;
  for (let entry = 0; entry < count; entry += 1) if (pdqHammingDistance(query, bank, 0, entry * PDQ_WORDS) <= maxDistance) found.push(entry);
  return found;
}

/** The same for several hashes of one image: an entry matches when any of them is within the distance. */
export function linearScanDihedral(bank: Uint32Array, variants: readonly Uint32Array[], maxDistance: number): number[] {
  const found: number[] = [];
  const count = bank.length / PDQ_WORDS;
  for (let entry = 0; entry < count; entry += 1) {
    const offset = entry * PDQ_WORDS;
    for (const variant of variants) {
      if (pdqHammingDistance(variant, bank, 0, offset) <= maxDistance) {
        found.push(entry);
        break;
      }
    }
  }
  return found;
}

/**
 * A 256-bit PDQ hash travels as 64 lower-case hex digits, exactly as Meta's reference tools print
 * it, and is compared as eight 32-bit words. Bit k of the hash (k = row * 16 + column of the DCT
 * coefficient) is bit k of the 256-bit number the hex spells, so word 0 holds bits 255..224 (the
 * first eight digits) and word 7 holds bits 31..0 (the last eight).
 */

/** Words per hash: a bank of n hashes can be one Uint32Array of n * PDQ_WORDS. */
export const PDQ_WORDS = 8;

/** Bits per hash. */
export const PDQ_BITS = 256;

/** A hash with the quality of the image it came from. */
export interface PdqHash {
  /** 64 lower-case hex digits. */
  readonly hash: string;
  /** 0 (flat, featureless) to 100 (plenty of detail); the reference suggests ignoring matches below 50. */
  readonly quality: number;
}

const HEX_PATTERN = /^[0-9a-fA-F]{64}$/;

// Bound once: inside a vm context (jest runs specs in one) every global lookup in a hot loop is
// about 100 times slower than a local one.
const imul = Math.imul;

/** True for 64 hex digits (either case). */
export function isPdqHex(value: unknown): value is string {
  return typeof value === 'string' && HEX_PATTERN.test(value);
}

/** The eight words of a hex hash; throws a TypeError naming the problem for anything else. */
export function pdqWordsFromHex(hex: string): Uint32Array {
  if (!isPdqHex(hex)) throw new TypeError(`A PDQ hash is 64 hex digits; got ${JSON.stringify(String(hex).slice(0, 80))}`);
  const words = new Uint32Array(PDQ_WORDS);
  for (let word = 0; word < PDQ_WORDS; word += 1) words[word] = Number.parseInt(hex.slice(word * 8, word * 8 + 8), 16);
  return words;
}

/** Lower-case hex of the hash stored at `offset` in `words` (a single hash, or a bank of them). */
export function pdqHexFromWords(words: Uint32Array, offset = 0): string {
  let hex = '';
  for (let word = 0; word < PDQ_WORDS; word += 1) hex += words[offset + word]!.toString(16).padStart(8, '0');
  return hex;
}

/** Sets bit `bit` (0..255) in a hash's words. */
export function setPdqBit(words: Uint32Array, bit: number): void {
  const word = PDQ_WORDS - 1 - (bit >>> 5);
  words[word] = (words[word]! | (1 << (bit & 31))) >>> 0;
}

/** Set bits of a 32-bit word (SWAR: pairs, nibbles, then one multiply sums the bytes). */
export function popcount32(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return imul(x, 0x01010101) >>> 24;
}

/**
 * Bits that differ between the hash at `aOffset` in `a` and the one at `bOffset` in `b` (0..256).
 * Offsets are in words, so a bank scan compares against entry i with `bOffset = i * PDQ_WORDS`
 * without copying anything.
 */
export function pdqHammingDistance(a: Uint32Array, b: Uint32Array, aOffset = 0, bOffset = 0): number {
  return (
    popcount32(a[aOffset]! ^ b[bOffset]!) +
    popcount32(a[aOffset + 1]! ^ b[bOffset + 1]!) +
    popcount32(a[aOffset + 2]! ^ b[bOffset + 2]!) +
    popcount32(a[aOffset + 3]! ^ b[bOffset + 3]!) +
    popcount32(a[aOffset + 4]! ^ b[bOffset + 4]!) +
    popcount32(a[aOffset + 5]! ^ b[bOffset + 5]!) +
    popcount32(a[aOffset + 6]! ^ b[bOffset + 6]!) +
    popcount32(a[aOffset + 7]! ^ b[bOffset + 7]!)
  );
}

/** Hamming distance between two hex hashes. */
export function pdqHexDistance(a: string, b: string): number {
  return pdqHammingDistance(pdqWordsFromHex(a), pdqWordsFromHex(b));
}

/**
 * The smallest distance from `candidate` to any of `variants` (the eight dihedral hashes of one
 * image, say): a rotated or mirrored copy of that image is close to one of them.
 */
export function smallestPdqDistance(variants: readonly Uint32Array[], candidate: Uint32Array, candidateOffset = 0): number {
  let smallest = PDQ_BITS;
  for (const variant of variants) {
    const distance = pdqHammingDistance(variant, candidate, 0, candidateOffset);
    if (distance < smallest) smallest = distance;
  }
  return smallest;
}

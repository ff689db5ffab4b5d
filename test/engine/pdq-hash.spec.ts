import {
  PDQ_DIHEDRAL_TRANSFORMS,
  PDQ_WORDS,
  PdqDihedralTransform,
  isPdqHex,
  pdqDihedralFromLuma,
  pdqFromLuma,
  pdqHammingDistance,
  pdqHexDistance,
  pdqHexFromWords,
  pdqWordsFromHex,
  popcount32,
  smallestPdqDistance,
} from '../../src/engine/pdq';
import { jaroszWindow } from '../../src/engine/pdq/jarosz-downsample';
import { setPdqBit } from '../../src/engine/pdq/pdq-hash';

const BRIDGE = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';

/** A hash with only the given bits set. */
function hashWithBits(...bits: number[]): Uint32Array {
  const words = new Uint32Array(PDQ_WORDS);
  for (const bit of bits) setPdqBit(words, bit);
  return words;
}

/** A deterministic, detailed square picture (smooth blobs plus stripes), as luma. */
function texturedLuma(side: number): Float32Array {
  const luma = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const blobs = Math.sin((x * 5.3) / side + 1.1) * Math.cos((y * 7.9) / side - 0.4) + Math.sin(((x + 2 * y) * 11.7) / side);
      luma[y * side + x] = 128 + 60 * blobs + (x * 3 + y * 5) % 17;
    }
  }
  return luma;
}

/** `luma` (side x side) transformed in pixel space, each transform named for what it does to the picture. */
function transformPixels(luma: Float32Array, side: number, transform: PdqDihedralTransform): Float32Array {
  const out = new Float32Array(luma.length);
  const last = side - 1;
  // For each output pixel (y, x): where it comes from in the original.
  const source: Record<PdqDihedralTransform, (y: number, x: number) => [number, number]> = {
    original: (y, x) => [y, x],
    rotate90: (y, x) => [last - x, y],
    rotate180: (y, x) => [last - y, last - x],
    rotate270: (y, x) => [x, last - y],
    mirrorLeftRight: (y, x) => [y, last - x],
    mirrorTopBottom: (y, x) => [last - y, x],
    transpose: (y, x) => [x, y],
    transverse: (y, x) => [last - x, last - y],
  };
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [fromY, fromX] = source[transform](y, x);
      out[y * side + x] = luma[fromY * side + fromX]!;
    }
  }
  return out;
}

describe('PDQ hash words and Hamming distance', () => {
  it('counts set bits of 32-bit words', () => {
    expect([0, 1, 0x80000000, 0xffffffff, 0x55555555, 0x12345678, 0xf0f0f0f0, 7].map(popcount32)).toEqual([0, 1, 1, 32, 16, 13, 16, 3]);
    // Signed and unsigned forms of the same word count alike (XOR of Uint32Array entries can go negative).
    expect(popcount32(-1)).toBe(32);
    expect(popcount32(0x80000000 | 0)).toBe(1);
  });

  it('reads and writes the hex the reference prints, bit k being bit k of the 256-bit number', () => {
    expect(pdqHexFromWords(pdqWordsFromHex(BRIDGE))).toBe(BRIDGE);
    expect(pdqHexFromWords(pdqWordsFromHex(BRIDGE.toUpperCase()))).toBe(BRIDGE);
    expect(pdqHexFromWords(hashWithBits(0))).toBe(`${'0'.repeat(63)}1`);
    expect(pdqHexFromWords(hashWithBits(4))).toBe(`${'0'.repeat(62)}10`);
    expect(pdqHexFromWords(hashWithBits(31, 32))).toBe(`${'0'.repeat(48)}0000000180000000`);
    expect(pdqHexFromWords(hashWithBits(255))).toBe(`8${'0'.repeat(63)}`);
    for (const bad of ['', BRIDGE.slice(1), `${BRIDGE}0`, `${BRIDGE.slice(1)}g`, ` ${BRIDGE.slice(1)}`]) {
      expect(isPdqHex(bad)).toBe(false);
      expect(() => pdqWordsFromHex(bad)).toThrow(/64 hex digits/);
    }
    expect(isPdqHex(BRIDGE)).toBe(true);
  });

  it('measures the bits that differ, in every word, at every offset of a bank', () => {
    const zero = new Uint32Array(PDQ_WORDS);
    const ones = pdqWordsFromHex('f'.repeat(64));
    expect(pdqHammingDistance(zero, zero)).toBe(0);
    expect(pdqHammingDistance(zero, ones)).toBe(256);
    for (let bit = 0; bit < 256; bit += 1) expect(pdqHammingDistance(zero, hashWithBits(bit))).toBe(1);
    expect(pdqHammingDistance(hashWithBits(0, 31, 32, 100, 255), hashWithBits(0, 32, 101))).toBe(4);
    expect(pdqHexDistance(BRIDGE, BRIDGE)).toBe(0);
    // 0x0 -> 0xf in one digit is 4 bits; 'd8' -> '27' flips all 8 bits of that byte.
    expect(pdqHexDistance(BRIDGE, `${BRIDGE.slice(0, 63)}${(Number.parseInt(BRIDGE[63]!, 16) ^ 0xf).toString(16)}`)).toBe(4);
    expect(pdqHexDistance(BRIDGE, `27${BRIDGE.slice(2)}`)).toBe(8);

    // A bank is one Uint32Array of hashes end to end; offsets address entries without copying.
    const entries = [hashWithBits(1, 2, 3), hashWithBits(200), ones];
    const bank = new Uint32Array(entries.length * PDQ_WORDS);
    entries.forEach((entry, index) => bank.set(entry, index * PDQ_WORDS));
    const query = hashWithBits(1, 2, 200);
    expect(entries.map((_, index) => pdqHammingDistance(query, bank, 0, index * PDQ_WORDS))).toEqual([2, 2, 253]);
    expect(smallestPdqDistance([hashWithBits(7), query], bank, PDQ_WORDS)).toBe(2);
  });
});

describe('PDQ from luma', () => {
  it('sizes the box filter from the image: half a 64th of each side, rounded up, at least 1', () => {
    expect([1, 64, 128, 129, 512, 1004, 1600, 4000].map((side) => jaroszWindow(side))).toEqual([1, 1, 1, 2, 4, 8, 13, 32]);
  });

  it('sets half the bits, scores detail as quality, and scores a flat picture 0', () => {
    const detailed = pdqFromLuma(texturedLuma(300), 300, 300);
    const bits = Array.from(pdqWordsFromHex(detailed.hash)).reduce((sum, word) => sum + popcount32(word), 0);
    expect(bits).toBe(128);
    expect(detailed.quality).toBe(100);
    expect(pdqFromLuma(new Float32Array(300 * 200).fill(77), 300, 200).quality).toBe(0);
    // The same picture at lower contrast: less signal, lower quality, in order.
    const atContrast = (divisor: number): number => pdqFromLuma(texturedLuma(300).map((value) => 128 + (value - 128) / divisor), 300, 300).quality;
    const qualities = [1, 3, 6, 10].map(atContrast);
    expect(qualities[0]).toBe(100);
    expect(qualities[3]).toBeLessThan(10);
    expect([...qualities].sort((a, b) => b - a)).toEqual(qualities);
    expect(new Set(qualities).size).toBe(4);
  });

  it('does not hash pictures under 5 pixels on a side, as the reference does not', () => {
    expect(pdqFromLuma(new Float32Array(4 * 100).fill(10), 100, 4)).toEqual({ hash: '0'.repeat(64), quality: 0 });
    expect(pdqDihedralFromLuma(new Float32Array(4 * 100).fill(10), 100, 4).variants.rotate90).toBe('0'.repeat(64));
    expect(() => pdqFromLuma(new Float32Array(10), 5, 5)).toThrow(RangeError);
  });

  it('is unmoved by brightness and contrast changes', () => {
    const luma = texturedLuma(200);
    const brighter = luma.map((value) => value * 0.8 + 40);
    expect(pdqHexDistance(pdqFromLuma(luma, 200, 200).hash, pdqFromLuma(brighter, 200, 200).hash)).toBeLessThanOrEqual(2);
  });

  it('gets each rotation and mirror image from the DCT exactly as hashing the transformed pixels does', () => {
    // At 64 x 64 the box filter and sampling are the identity, so the only difference is rounding.
    const luma = texturedLuma(64);
    const dihedral = pdqDihedralFromLuma(luma, 64, 64);
    expect(dihedral.hash).toBe(pdqFromLuma(luma, 64, 64).hash);
    const distances = Object.fromEntries(
      PDQ_DIHEDRAL_TRANSFORMS.map((transform) => [transform, pdqHexDistance(dihedral.variants[transform], pdqFromLuma(transformPixels(luma, 64, transform), 64, 64).hash)]),
    );
    expect(distances).toEqual(Object.fromEntries(PDQ_DIHEDRAL_TRANSFORMS.map((transform) => [transform, 0])));
    // And the eight are really different hashes of one picture.
    expect(new Set(Object.values(dihedral.variants)).size).toBe(8);
    // On a larger picture the filters differ a little between orientations, so within a few bits.
    const big = texturedLuma(300);
    const bigDihedral = pdqDihedralFromLuma(big, 300, 300);
    for (const transform of PDQ_DIHEDRAL_TRANSFORMS) {
      expect(pdqHexDistance(bigDihedral.variants[transform], pdqFromLuma(transformPixels(big, 300, transform), 300, 300).hash)).toBeLessThanOrEqual(16);
    }
  });
});

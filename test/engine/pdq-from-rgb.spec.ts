import { lumaFromPixels, pdqDihedralFromLuma, pdqDihedralFromRgb } from '../../src/engine/pdq';
import { downsampleRgbTo64, downsampleTo64 } from '../../src/engine/pdq/jarosz-downsample';

/** Deterministic noisy RGB with some smooth structure, `offset` bytes into a larger buffer. */
function picture(width: number, height: number, seed: number, offset = 0): Uint8Array {
  const bytes = new Uint8Array(width * height * 3 + offset + 4);
  let state = seed >>> 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let channel = 0; channel < 3; channel++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        bytes[offset + (y * width + x) * 3 + channel] = ((x * (channel + 1) + y * 2) & 255) ^ (state >>> 27);
      }
    }
  }
  return bytes.subarray(offset, offset + width * height * 3);
}

describe('PDQ from RGB (luma computed row by row inside the box filter)', () => {
  // Box windows 1 to 6 along each axis, odd sizes, and the sizes scoring hashes at.
  const sizes: [number, number][] = [
    [5, 5],
    [37, 23],
    [129, 257],
    [300, 200],
    [512, 341],
    [384, 512],
    [700, 130],
  ];

  it('gives exactly the grid, hashes and quality of lumaFromPixels then pdqDihedralFromLuma, at any byte alignment', () => {
    for (const [index, [width, height]] of sizes.entries()) {
      // Luma reads four pixels as three words where the bytes line up, so try every alignment once.
      for (const offset of width === 129 || width === 512 ? [0, 1, 2, 3] : [0]) {
        const rgb = picture(width, height, index * 7 + offset, offset);
        const luma = lumaFromPixels(rgb, width, height, 3);
        // The blurred 64 x 64 grid itself, value for value: hashes alone would hide small differences.
        expect(downsampleRgbTo64(rgb, width, height)).toEqual(downsampleTo64(luma, width, height));
        const expected = pdqDihedralFromLuma(luma, width, height);
        expect(expected.quality).toBeGreaterThan(0);
        expect(pdqDihedralFromRgb(rgb, width, height)).toEqual(expected);
      }
    }
  });

  it('keeps nothing from one call to the next', () => {
    const large = picture(512, 341, 1);
    const small = picture(37, 23, 2);
    const first = pdqDihedralFromRgb(large, 512, 341);
    pdqDihedralFromRgb(small, 37, 23);
    expect(pdqDihedralFromRgb(large, 512, 341)).toEqual(first);
  });

  it('does not hash pictures under 5 pixels on a side, and refuses too few bytes', () => {
    expect(pdqDihedralFromRgb(picture(4, 9, 3), 4, 9)).toMatchObject({ hash: '0'.repeat(64), quality: 0 });
    expect(() => pdqDihedralFromRgb(new Uint8Array(29), 10, 1)).toThrow(RangeError);
    expect(() => pdqDihedralFromRgb(new Uint8Array(3 * 64 * 64 - 1), 64, 64)).toThrow(/fewer than 3 x 64 x 64/);
  });
});

import { thresholdAtMedian } from './pdq-bits';
import { PDQ_COEFFICIENTS, dct64To16 } from './pdq-dct';
import { PDQ_DIHEDRAL_TRANSFORMS, PdqDihedralTransform, transformCoefficients } from './pdq-dihedral';
import { PdqHash, PDQ_WORDS, pdqHexFromWords } from './pdq-hash';
import { pdqQuality } from './pdq-quality';
import { PDQ_GRID, downsampleRgbTo64, downsampleTo64 } from './jarosz-downsample';

export { lumaFromPixels } from './pdq-luma';

/** Below this many pixels on a side the reference does not hash: all-zero hash, quality 0. */
const MIN_SIDE = 5;

/** A hash with the hashes of the seven rotated and mirrored versions of the same picture. */
export interface PdqDihedralHashes extends PdqHash {
  readonly variants: Readonly<Record<PdqDihedralTransform, string>>;
}

// Kept between calls: hashing is synchronous, and nothing returned points into these.
const GRID = new Float32Array(PDQ_GRID * PDQ_GRID);
const COEFFICIENTS = new Float64Array(PDQ_COEFFICIENTS * PDQ_COEFFICIENTS);
const TRANSFORMED = new Float64Array(PDQ_COEFFICIENTS * PDQ_COEFFICIENTS);
const HASH_WORDS = new Uint32Array(PDQ_WORDS);
const NO_HASH = pdqHexFromWords(new Uint32Array(PDQ_WORDS));

/** The PDQ hash and quality of a luma image (height x width, row-major). */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqHash {
  if (width * height !== luma.length) throw new RangeError(`luma holds ${luma.length} values, not ${width} x ${height}`);
  if (width < MIN_SIDE || height < MIN_SIDE) return { hash: NO_HASH, quality: 0 };
  const grid = downsampleTo64(luma, width, height, GRID);
  return { hash: pdqHexFromWords(thresholdAtMedian(dct64To16(grid, COEFFICIENTS), HASH_WORDS)), quality: pdqQuality(grid) };
}

/**
 * The hash, its quality, and the hashes the picture would have rotated and mirrored, all from one
 * DCT (hashing the transformed pixels gives the same bits, up to rounding).
 */
export function pdqDihedralFromLuma(luma: Float32Array, width: number, height: number): PdqDihedralHashes {
  if (width * height !== luma.length) throw new RangeError(`luma holds ${luma.length} values, not ${width} x ${height}`);
  if (width < MIN_SIDE || height < MIN_SIDE) return dihedralHashes(undefined);
  return dihedralHashes(downsampleTo64(luma, width, height, GRID));
}

/**
 * `pdqDihedralFromLuma(lumaFromPixels(rgb, width, height, 3), width, height)`, bit for bit, without
 * the whole-picture luma: each row's luma feeds the box filter as it is computed.
 */
export function pdqDihedralFromRgb(rgb: Uint8Array, width: number, height: number): PdqDihedralHashes {
  if (rgb.length < width * height * 3) throw new RangeError(`RGB pixels hold ${rgb.length} bytes, fewer than 3 x ${width} x ${height}`);
  if (width < MIN_SIDE || height < MIN_SIDE) return dihedralHashes(undefined);
  return dihedralHashes(downsampleRgbTo64(rgb, width, height, GRID));
}

/** The eight hashes and the quality of a downsampled picture (none: too small to hash). */
function dihedralHashes(grid: Float32Array | undefined): PdqDihedralHashes {
  const variants = {} as Record<PdqDihedralTransform, string>;
  if (grid) dct64To16(grid, COEFFICIENTS);
  for (const transform of PDQ_DIHEDRAL_TRANSFORMS) {
    variants[transform] = grid ? pdqHexFromWords(thresholdAtMedian(transformCoefficients(COEFFICIENTS, transform, TRANSFORMED), HASH_WORDS)) : NO_HASH;
  }
  return { hash: variants.original, quality: grid ? pdqQuality(grid) : 0, variants };
}

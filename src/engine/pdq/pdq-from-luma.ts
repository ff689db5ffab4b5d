import { thresholdAtMedian } from './pdq-bits';
import { dct64To16 } from './pdq-dct';
import { PDQ_DIHEDRAL_TRANSFORMS, PdqDihedralTransform, transformCoefficients } from './pdq-dihedral';
import { PdqHash, PDQ_WORDS, pdqHexFromWords } from './pdq-hash';
import { pdqQuality } from './pdq-quality';
import { downsampleTo64 } from './jarosz-downsample';

/** Luma weights of the reference (ITU-R BT.601). */
const LUMA_RED = 0.299;
const LUMA_GREEN = 0.587;
const LUMA_BLUE = 0.114;

/** Below this many pixels on a side the reference does not hash: all-zero hash, quality 0. */
const MIN_SIDE = 5;

/** A hash with the hashes of the seven rotated and mirrored versions of the same picture. */
export interface PdqDihedralHashes extends PdqHash {
  readonly variants: Readonly<Record<PdqDihedralTransform, string>>;
}

/** Interleaved 8-bit pixels (`channels` per pixel: 1 grey, 3 RGB, or more with the extras ignored) to luma. */
export function lumaFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Float32Array {
  const luma = new Float32Array(width * height);
  for (let pixel = 0, source = 0; pixel < luma.length; pixel += 1, source += channels) {
    luma[pixel] = channels < 3 ? pixels[source]! : LUMA_RED * pixels[source]! + LUMA_GREEN * pixels[source + 1]! + LUMA_BLUE * pixels[source + 2]!;
  }
  return luma;
}

/** The PDQ hash and quality of a luma image (height x width, row-major). */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqHash {
  const analysis = analyse(luma, width, height);
  if (!analysis) return { hash: pdqHexFromWords(new Uint32Array(PDQ_WORDS)), quality: 0 };
  return { hash: pdqHexFromWords(thresholdAtMedian(analysis.coefficients)), quality: analysis.quality };
}

/**
 * The hash, its quality, and the hashes the picture would have rotated and mirrored, all from one
 * DCT (hashing the transformed pixels gives the same bits, up to rounding).
 */
export function pdqDihedralFromLuma(luma: Float32Array, width: number, height: number): PdqDihedralHashes {
  const analysis = analyse(luma, width, height);
  const variants = Object.fromEntries(
    PDQ_DIHEDRAL_TRANSFORMS.map((transform) => [
      transform,
      pdqHexFromWords(analysis ? thresholdAtMedian(transformCoefficients(analysis.coefficients, transform)) : new Uint32Array(PDQ_WORDS)),
    ]),
  ) as Record<PdqDihedralTransform, string>;
  return { hash: variants.original, quality: analysis?.quality ?? 0, variants };
}

function analyse(luma: Float32Array, width: number, height: number): { coefficients: Float64Array; quality: number } | null {
  if (width * height !== luma.length) throw new RangeError(`luma holds ${luma.length} values, not ${width} x ${height}`);
  if (width < MIN_SIDE || height < MIN_SIDE) return null;
  const grid = downsampleTo64(luma, width, height);
  return { coefficients: dct64To16(grid), quality: pdqQuality(grid) };
}

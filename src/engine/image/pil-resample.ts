import { ResampleFilter } from './clip-preprocess-config';

/**
 * A re-implementation of Pillow's 8-bit resampling (`Image.resize` with `reducing_gap=None`), the
 * filter the CLIP checkpoints were trained with: a separable convolution whose support widens with
 * the reduction factor (antialiasing), pixel centres at +0.5, kernel truncated and renormalised at
 * the borders, 22-bit fixed-point weights, horizontal pass first and an 8-bit intermediate.
 * Only the requested output window is computed, so enlarging a thin strip costs little.
 */

/** Pillow's PRECISION_BITS for 8-bit images: 32 - 8 - 2. */
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

/** Packed 8-bit RGB pixels, row-major. */
export interface Rgb8Image {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Source taps of a run of output pixels along one axis, in source coordinates. */
export interface AxisTaps {
  /** First source index read by each output pixel. */
  starts: Int32Array;
  /** Number of source pixels read by each output pixel. */
  counts: Int32Array;
  /** Fixed-point weights, `stride` slots per output pixel. */
  weights: Int32Array;
  stride: number;
  /** Union of all taps: the source span this run needs. */
  spanStart: number;
  spanEnd: number;
}

/** Catmull-Rom (a = -0.5), Pillow's BICUBIC. */
function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** Triangle, Pillow's BILINEAR. */
function triangle(x: number): number {
  const t = Math.abs(x);
  return t < 1 ? 1 - t : 0;
}

/**
 * Taps for output pixels `[outStart, outStart + outCount)` of an `inSize` -> `outSize` resize.
 * Nearest follows Pillow's affine nearest: source `floor((x + 0.5) * scale)`.
 */
export function computeAxisTaps(
  inSize: number,
  outSize: number,
  outStart: number,
  outCount: number,
  filter: ResampleFilter,
): AxisTaps {
  const scale = inSize / outSize;
  if (filter === 'nearest') return nearestTaps(inSize, scale, outStart, outCount);
  const kernel = filter === 'bicubic' ? bicubic : triangle;
  const baseSupport = filter === 'bicubic' ? 2 : 1;
  const filterScale = Math.max(scale, 1);
  const support = baseSupport * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outCount);
  const counts = new Int32Array(outCount);
  const weights = new Int32Array(outCount * stride);
  const raw = new Float64Array(stride);
  let spanStart = inSize;
  let spanEnd = 0;
  for (let i = 0; i < outCount; i += 1) {
    const center = (outStart + i + 0.5) * scale;
    // Math.trunc mirrors Pillow's (int) casts, which round toward zero.
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const last = Math.min(Math.trunc(center + support + 0.5), inSize);
    const count = Math.min(last - first, stride);
    let total = 0;
    for (let k = 0; k < count; k += 1) {
      const w = kernel((k + first - center + 0.5) / filterScale);
      raw[k] = w;
      total += w;
    }
    for (let k = 0; k < count; k += 1) {
      const w = total !== 0 ? raw[k] / total : 0;
      // Pillow rounds each weight half away from zero into fixed point.
      weights[i * stride + k] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    starts[i] = first;
    counts[i] = count;
    spanStart = Math.min(spanStart, first);
    spanEnd = Math.max(spanEnd, first + count);
  }
  return { starts, counts, weights, stride, spanStart, spanEnd };
}

function nearestTaps(inSize: number, scale: number, outStart: number, outCount: number): AxisTaps {
  const starts = new Int32Array(outCount);
  const counts = new Int32Array(outCount).fill(1);
  const weights = new Int32Array(outCount).fill(ONE);
  let spanStart = inSize;
  let spanEnd = 0;
  for (let i = 0; i < outCount; i += 1) {
    const source = Math.min(Math.floor((outStart + i + 0.5) * scale), inSize - 1);
    starts[i] = source;
    spanStart = Math.min(spanStart, source);
    spanEnd = Math.max(spanEnd, source + 1);
  }
  return { starts, counts, weights, stride: 1, spanStart, spanEnd };
}

/** Rounds a fixed-point sum back to 8 bits, clamping like Pillow's clip8. */
function clip8(sum: number): number {
  const value = Math.floor(sum / ONE);
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/**
 * Resamples `source` with precomputed taps. `source` may be a crop of the full image: its pixel
 * (0, 0) sits at full-image coordinate (`sourceLeft`, `sourceTop`), which the taps refer to.
 * An axis without taps (null) is copied unchanged, as Pillow skips a pass whose size is unchanged.
 */
export function resampleRgb8(
  source: Rgb8Image,
  sourceLeft: number,
  sourceTop: number,
  horizontal: AxisTaps | null,
  vertical: AxisTaps | null,
): Rgb8Image {
  const width = horizontal ? horizontal.starts.length : source.width;
  const afterHorizontal = horizontal ? horizontalPass(source, sourceLeft, horizontal) : source;
  if (!vertical) return { data: afterHorizontal.data, width, height: afterHorizontal.height };
  return verticalPass(afterHorizontal, sourceTop, vertical);
}

function horizontalPass(source: Rgb8Image, sourceLeft: number, taps: AxisTaps): Rgb8Image {
  const outWidth = taps.starts.length;
  const out = new Uint8Array(outWidth * source.height * 3);
  const { starts, counts, weights, stride } = taps;
  for (let y = 0; y < source.height; y += 1) {
    const rowBase = y * source.width * 3;
    for (let x = 0; x < outWidth; x += 1) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      const first = rowBase + (starts[x] - sourceLeft) * 3;
      for (let k = 0; k < counts[x]; k += 1) {
        const w = weights[x * stride + k];
        const p = first + k * 3;
        r += source.data[p] * w;
        g += source.data[p + 1] * w;
        b += source.data[p + 2] * w;
      }
      const o = (y * outWidth + x) * 3;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return { data: out, width: outWidth, height: source.height };
}

function verticalPass(source: Rgb8Image, sourceTop: number, taps: AxisTaps): Rgb8Image {
  const outHeight = taps.starts.length;
  const rowBytes = source.width * 3;
  const out = new Uint8Array(outHeight * rowBytes);
  const { starts, counts, weights, stride } = taps;
  for (let y = 0; y < outHeight; y += 1) {
    const first = (starts[y] - sourceTop) * rowBytes;
    for (let i = 0; i < rowBytes; i += 1) {
      let sum = HALF;
      for (let k = 0; k < counts[y]; k += 1) sum += source.data[first + k * rowBytes + i] * weights[y * stride + k];
      out[y * rowBytes + i] = clip8(sum);
    }
  }
  return { data: out, width: source.width, height: outHeight };
}

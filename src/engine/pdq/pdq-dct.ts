import { PDQ_GRID } from './jarosz-downsample';

// A module's own constant: an imported binding is a property load at every use, in the hot loops too.
const GRID = PDQ_GRID;

/** Side of the block of DCT coefficients a hash keeps. */
export const PDQ_COEFFICIENTS = 16;

/**
 * Rows 1..16 of the orthonormal 64-point DCT-II basis (row 0, the mean, carries no pattern):
 * entry (f, x) is sqrt(2/64) cos(π (f + 1) (2x + 1) / 128), kept row-major as 16 x 64.
 */
const DCT_ROWS: Float64Array = (() => {
  const rows = new Float64Array(PDQ_COEFFICIENTS * GRID);
  const scale = Math.sqrt(2 / GRID);
  for (let frequency = 0; frequency < PDQ_COEFFICIENTS; frequency += 1) {
    for (let x = 0; x < GRID; x += 1) {
      rows[frequency * GRID + x] = scale * Math.cos((Math.PI * (frequency + 1) * (2 * x + 1)) / (2 * GRID));
    }
  }
  return rows;
})();

/** D · image, kept between calls (hashing is synchronous). */
const PARTIAL = new Float64Array(PDQ_COEFFICIENTS * GRID);

/**
 * The 16 x 16 low-frequency DCT coefficients of a 64 x 64 image, D · image · Dᵀ with D the
 * 16 x 64 basis above, written to `coefficients`. Entry (u, v), stored at u * 16 + v, is vertical
 * frequency u + 1 by horizontal frequency v + 1. Only the 256 wanted outputs are computed.
 */
export function dct64To16(grid: Float32Array, coefficients = new Float64Array(PDQ_COEFFICIENTS * PDQ_COEFFICIENTS)): Float64Array {
  // Four sums at a time, each still added in order: one long chain of additions would wait on
  // itself, four run side by side.
  // First D · image (16 x 64): each basis row against each column of the image, summed down the column.
  for (let u = 0; u < PDQ_COEFFICIENTS; u += 1) {
    const basis = u * GRID;
    for (let x = 0; x < GRID; x += 4) {
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let y = 0; y < GRID; y += 1) {
        const weight = DCT_ROWS[basis + y]!;
        const at = y * GRID + x;
        sum0 += weight * grid[at]!;
        sum1 += weight * grid[at + 1]!;
        sum2 += weight * grid[at + 2]!;
        sum3 += weight * grid[at + 3]!;
      }
      PARTIAL[basis + x] = sum0;
      PARTIAL[basis + x + 1] = sum1;
      PARTIAL[basis + x + 2] = sum2;
      PARTIAL[basis + x + 3] = sum3;
    }
  }
  // Then (D · image) · Dᵀ: each partial row against each basis row.
  for (let u = 0; u < PDQ_COEFFICIENTS; u += 1) {
    const partial = u * GRID;
    for (let v = 0; v < PDQ_COEFFICIENTS; v += 4) {
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let x = 0; x < GRID; x += 1) {
        const value = PARTIAL[partial + x]!;
        sum0 += value * DCT_ROWS[v * GRID + x]!;
        sum1 += value * DCT_ROWS[(v + 1) * GRID + x]!;
        sum2 += value * DCT_ROWS[(v + 2) * GRID + x]!;
        sum3 += value * DCT_ROWS[(v + 3) * GRID + x]!;
      }
      const out = u * PDQ_COEFFICIENTS + v;
      coefficients[out] = sum0;
      coefficients[out + 1] = sum1;
      coefficients[out + 2] = sum2;
      coefficients[out + 3] = sum3;
    }
  }
  return coefficients;
}

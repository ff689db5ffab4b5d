import { PDQ_GRID } from './jarosz-downsample';

/** Side of the block of DCT coefficients a hash keeps. */
export const PDQ_COEFFICIENTS = 16;

/**
 * Rows 1..16 of the orthonormal 64-point DCT-II basis (row 0, the mean, carries no pattern):
 * entry (f, x) is sqrt(2/64) cos(π (f + 1) (2x + 1) / 128), kept row-major as 16 x 64.
 */
const DCT_ROWS: Float64Array = (() => {
  const rows = new Float64Array(PDQ_COEFFICIENTS * PDQ_GRID);
  const scale = Math.sqrt(2 / PDQ_GRID);
  for (let frequency = 0; frequency < PDQ_COEFFICIENTS; frequency += 1) {
    for (let x = 0; x < PDQ_GRID; x += 1) {
      rows[frequency * PDQ_GRID + x] = scale * Math.cos((Math.PI * (frequency + 1) * (2 * x + 1)) / (2 * PDQ_GRID));
    }
  }
  return rows;
})();

/**
 * The 16 x 16 low-frequency DCT coefficients of a 64 x 64 image, D · image · Dᵀ with D the
 * 16 x 64 basis above. Entry (u, v), stored at u * 16 + v, is vertical frequency u + 1 by
 * horizontal frequency v + 1. Only the 256 wanted outputs are computed.
 */
export function dct64To16(grid: Float32Array): Float64Array {
  // First D · image (16 x 64): each basis row against each column of the image.
  const partial = new Float64Array(PDQ_COEFFICIENTS * PDQ_GRID);
  for (let u = 0; u < PDQ_COEFFICIENTS; u += 1) {
    const basis = u * PDQ_GRID;
    for (let y = 0; y < PDQ_GRID; y += 1) {
      const weight = DCT_ROWS[basis + y]!;
      const row = y * PDQ_GRID;
      const out = u * PDQ_GRID;
      for (let x = 0; x < PDQ_GRID; x += 1) partial[out + x] += weight * grid[row + x]!;
    }
  }
  // Then (D · image) · Dᵀ: each partial row against each basis row.
  const coefficients = new Float64Array(PDQ_COEFFICIENTS * PDQ_COEFFICIENTS);
  for (let u = 0; u < PDQ_COEFFICIENTS; u += 1) {
    for (let v = 0; v < PDQ_COEFFICIENTS; v += 1) {
      let sum = 0;
      for (let x = 0; x < PDQ_GRID; x += 1) sum += partial[u * PDQ_GRID + x]! * DCT_ROWS[v * PDQ_GRID + x]!;
      coefficients[u * PDQ_COEFFICIENTS + v] = sum;
    }
  }
  return coefficients;
}

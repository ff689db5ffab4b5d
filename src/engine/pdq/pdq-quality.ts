import { PDQ_GRID } from './jarosz-downsample';

// A module's own constant: an imported binding is a property load at every use, in the hot loops too.
const GRID = PDQ_GRID;

/**
 * PDQ's quality score (0..100) of the 64 x 64 downsample: neighbouring differences, each scaled to
 * a percentage of full range and truncated to a whole number so that only clear steps count,
 * summed over both directions and divided by 90 (the reference's tuned constant), capped at 100.
 * A flat or nearly flat image scores near 0: its hash is noise and should not be matched.
 */
export function pdqQuality(grid: Float32Array): number {
  let gradientSum = 0;
  for (let row = 0; row < GRID; row += 1) {
    for (let column = 0; column < GRID; column += 1) {
      const here = grid[row * GRID + column]!;
      if (row + 1 < GRID) gradientSum += wholePercent(here - grid[(row + 1) * GRID + column]!);
      if (column + 1 < GRID) gradientSum += wholePercent(here - grid[row * GRID + column + 1]!);
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** |difference| as a percentage of full range, truncated (`| 0` truncates toward zero; no global lookups in the loop). */
function wholePercent(difference: number): number {
  const percent = ((difference * 100) / 255) | 0;
  return percent < 0 ? -percent : percent;
}

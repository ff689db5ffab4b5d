import { AxisPlan, PDQ_GRID, createAxisPlan, planAxis } from './jarosz-plan';
import { lumaRowFromRgb, wordsUnder } from './pdq-luma';
import { scratchPool } from './pdq-scratch';

export { PDQ_GRID, jaroszWindow } from './jarosz-plan';

// A module's own constant: an imported binding is a property load (a getter call when re-exported)
// at every use, in the hot loops too.
const GRID = PDQ_GRID;

/** Boxes narrower than this sum exactly from 8-bit luma (see boxesAlongRow). */
const EXACT_WINDOW_LIMIT = 1 << 16;

// Scratch kept between calls (see scratchPool); each has one job.
const columnPlan = createAxisPlan();
const rowPlan = createAxisPlan();
const takeLumaRow = scratchPool((length) => new Float32Array(length));
const takeRing = scratchPool((length) => new Float32Array(length));
const takeSums = scratchPool((length) => new Float64Array(length));
const takeFirstPassRow = scratchPool((length) => new Float32Array(length));
const takeSecondPass = scratchPool((length) => new Float64Array(length));

/**
 * Blurs `luma` (height x width, row-major) with PDQ's tent filter, two passes of 1-D box filters
 * along rows then columns (Jarosz, "Fast Image Convolutions", 2001), and samples the result at
 * the centres of a 64 x 64 grid, written to `grid`. `luma` is left untouched.
 */
export function downsampleTo64(luma: Float32Array, width: number, height: number, grid = new Float32Array(GRID * GRID)): Float32Array {
  return blurAndSample(luma, undefined, width, height, grid);
}

/**
 * The same from interleaved 8-bit RGB, each row's luma computed as it is needed (the same values
 * `lumaFromPixels` gives), so no whole-picture luma is ever made.
 */
export function downsampleRgbTo64(rgb: Uint8Array, width: number, height: number, grid = new Float32Array(GRID * GRID)): Float32Array {
  return blurAndSample(undefined, rgb, width, height, grid);
}

/**
 * Only what the 64 x 64 samples depend on is computed, in the reference's order of operations,
 * so the values are those of blurring the whole picture: the first pass along rows at the columns
 * the second needs; the first pass along columns as running sums over every row, kept in a ring of
 * window + 1 rows of the row pass; the second pass along rows at the rows the second column pass
 * needs; then that pass at the 64 x 64 samples.
 */
function blurAndSample(luma: Float32Array | undefined, rgb: Uint8Array | undefined, width: number, height: number, grid: Float32Array): Float32Array {
  planAxis(columnPlan, width);
  planAxis(rowPlan, height);
  const secondPass = takeSecondPass(height * GRID);
  passesDownColumns(luma, rgb, width, height, secondPass);
  secondPassAlongColumns(secondPass, rowPlan, grid);
  return grid;
}

/**
 * Both row passes and the first column pass, row by row. (Its own function, loop and all: V8
 * compiles a long loop while it runs, and code after the loop would then throw that away.)
 */
function passesDownColumns(luma: Float32Array | undefined, rgb: Uint8Array | undefined, width: number, height: number, secondPass: Float64Array): void {
  const columns = columnPlan.neededCount;
  const { before, after, window, needed: neededRows } = rowPlan;
  const ringRows = window + 1;
  const ring = takeRing(ringRows * columns);
  const sums = takeSums(columns).fill(0, 0, columns);
  const firstPassRow = takeFirstPassRow(columns);
  const lumaRow = rgb ? takeLumaRow(width) : undefined;
  const words = rgb ? wordsUnder(rgb) : undefined;
  for (let row = 0; row <= after && row < height; row += 1) {
    fillRingRow(luma, rgb, words, lumaRow, row, width, ring, (row % ringRows) * columns);
    stepColumns(sums, ring, (row % ringRows) * columns, -1, columns);
  }
  for (let row = 0, neededIndex = 0; neededRows[neededIndex]! >= 0; row += 1) {
    if (row === neededRows[neededIndex]) {
      const count = (row + after < height ? row + after : height - 1) - (row > before ? row - before : 0) + 1;
      meansOf(sums, count, firstPassRow, columns);
      secondPassAlongRow(firstPassRow, columnPlan, secondPass, row * GRID);
      neededIndex += 1;
    }
    // Each row enters the ring once, just before the running sums take it in.
    const entering = row + 1 + after < height ? ((row + 1 + after) % ringRows) * columns : -1;
    if (entering >= 0) fillRingRow(luma, rgb, words, lumaRow, row + 1 + after, width, ring, entering);
    stepColumns(sums, ring, entering, row - before >= 0 ? ((row - before) % ringRows) * columns : -1, columns);
  }
}

/** The first pass along row `row`, into the ring at `at`. */
function fillRingRow(luma: Float32Array | undefined, rgb: Uint8Array | undefined, words: Uint32Array | undefined, lumaRow: Float32Array | undefined, row: number, width: number, ring: Float32Array, at: number): void {
  if (rgb) {
    lumaRowFromRgb(rgb, words, row * width * 3, width, lumaRow!);
    if (columnPlan.window < EXACT_WINDOW_LIMIT) boxesAlongRow(lumaRow!, columnPlan, ring, at);
    else boxAlongRow(lumaRow!, 0, columnPlan, ring, at);
  } else {
    boxAlongRow(luma!, row * width, columnPlan, ring, at);
  }
}

/** One box pass along one row as a running sum, its means kept at the plan's needed columns only. */
function boxAlongRow(input: Float32Array, start: number, plan: AxisPlan, out: Float32Array, outStart: number): void {
  const { length, before, after, needed } = plan;
  let sum = 0;
  for (let index = 0; index <= after && index < length; index += 1) sum += input[start + index]!;
  let next = needed[0]!;
  for (let index = 0, kept = 0; next >= 0; index += 1) {
    if (index === next) {
      const first = index > before ? index - before : 0;
      const last = index + after < length ? index + after : length - 1;
      out[outStart + kept] = sum / (last - first + 1);
      kept += 1;
      next = needed[kept]!;
    }
    if (index + 1 + after < length) sum += input[start + index + 1 + after]!;
    if (index - before >= 0) sum -= input[start + index - before]!;
  }
}

/**
 * The same means as `boxAlongRow`, each box summed on its own, for luma made from 8-bit pixels
 * only. Such a luma value is 0 or a float32 of at least 0.114 (one blue step) and below 256, so a
 * whole multiple of 2^-27 below 2^35 of them; any sum of fewer than 2^18 of them (a box, and the
 * running sum holds at most window + 1) is exact in a double, in whatever order. So these sums
 * equal the running sums bit for bit, and, unlike a running sum, they do not wait on each other.
 */
function boxesAlongRow(input: Float32Array, plan: AxisPlan, out: Float32Array, outStart: number): void {
  const { boxFirst, boxSize, neededCount } = plan;
  for (let kept = 0; kept < neededCount; kept += 1) {
    const first = boxFirst[kept]!;
    const size = boxSize[kept]!;
    // Spelled out for the boxes of pictures up to 512 px (windows up to 4); a quarter is exact, so
    // multiplying by it gives the quotient without a division.
    if (size === 4) {
      out[outStart + kept] = (input[first]! + input[first + 1]! + (input[first + 2]! + input[first + 3]!)) * 0.25;
    } else if (size === 3) {
      out[outStart + kept] = (input[first]! + input[first + 1]! + input[first + 2]!) / 3;
    } else {
      let sum = 0;
      for (let at = first; at < first + size; at += 1) sum += input[at]!;
      out[outStart + kept] = sum / size;
    }
  }
}

/** `sums` over `count` into `means`; for a power of two, times its (exact) reciprocal, the same value without a division. */
function meansOf(sums: Float64Array, count: number, means: Float32Array, length: number): void {
  if ((count & (count - 1)) === 0) {
    const reciprocal = 1 / count;
    for (let index = 0; index < length; index += 1) means[index] = sums[index]! * reciprocal;
  } else {
    for (let index = 0; index < length; index += 1) means[index] = sums[index]! / count;
  }
}

/**
 * Moves the running column sums down one row: adds the ring row at `addAt`, then takes away the
 * one at `subtractAt` (either -1 for none), one pass over the sums.
 */
function stepColumns(sums: Float64Array, ring: Float32Array, addAt: number, subtractAt: number, count: number): void {
  if (addAt >= 0 && subtractAt >= 0) {
    for (let column = 0; column < count; column += 1) sums[column] = sums[column]! + ring[addAt + column]! - ring[subtractAt + column]!;
  } else if (addAt >= 0) {
    for (let column = 0; column < count; column += 1) sums[column] += ring[addAt + column]!;
  } else if (subtractAt >= 0) {
    for (let column = 0; column < count; column += 1) sums[column] -= ring[subtractAt + column]!;
  }
}

/** The second box pass along one row, at the 64 sampled columns: each box's mean, summed in order. */
function secondPassAlongRow(firstPassRow: Float32Array, plan: AxisPlan, out: Float64Array, outStart: number): void {
  const { first, last, neededFirst } = plan;
  for (let cell = 0; cell < GRID; cell += 1) {
    const from = neededFirst[cell]!;
    const to = from + last[cell]! - first[cell]!;
    let sum = 0;
    for (let index = from; index <= to; index += 1) sum += firstPassRow[index]!;
    out[outStart + cell] = sum / (to - from + 1);
  }
}

/** The second box pass along columns, at the 64 sampled rows, into the grid. */
function secondPassAlongColumns(secondPass: Float64Array, plan: AxisPlan, grid: Float32Array): void {
  const { first, last } = plan;
  for (let cellRow = 0; cellRow < GRID; cellRow += 1) {
    const from = first[cellRow]!;
    const to = last[cellRow]!;
    for (let cell = 0; cell < GRID; cell += 1) {
      let sum = 0;
      for (let row = from; row <= to; row += 1) sum += secondPass[row * GRID + cell]!;
      grid[cellRow * GRID + cell] = sum / (to - from + 1);
    }
  }
}

/** The side of PDQ's downsampled image. */
export const PDQ_GRID = 64;

/**
 * Box width along an axis of `length` pixels: half of one output cell, rounded up, because two
 * passes together span a whole cell. Never below 1, so small images pass unblurred.
 */
export function jaroszWindow(length: number, outputLength = PDQ_GRID): number {
  return Math.max(1, Math.ceil(length / (2 * outputLength)));
}

/**
 * Reach of a box of `window` samples: from `before` samples before the output to `after` after
 * it (one more after than before when the window is even), cut off at the ends of the line, the
 * mean then taken over what is left.
 */
function reach(window: number): { before: number; after: number } {
  const after = Math.floor((window + 2) / 2) - 1;
  return { before: window - 1 - after, after };
}

/**
 * Blurs `luma` (height x width, row-major) with PDQ's tent filter, two passes of 1-D box filters
 * along rows then columns (Jarosz, "Fast Image Convolutions", 2001), and samples the result at
 * the centres of a 64 x 64 grid. The first pass covers the whole picture; the second is only
 * computed where the 64 x 64 samples need it, which gives the same values for less than half the
 * work. `luma` is left untouched.
 */
export function downsampleTo64(luma: Float32Array, width: number, height: number): Float32Array {
  const rowReach = reach(jaroszWindow(width));
  const columnReach = reach(jaroszWindow(height));
  const alongRows = new Float32Array(luma.length);
  for (let row = 0; row < height; row += 1) boxAlongRow(luma, alongRows, row * width, width, rowReach);
  const firstPass = boxAlongColumns(alongRows, width, height, columnReach);

  const sampleColumns = samplePositions(width);
  const sampleRows = samplePositions(height);
  // Second pass along rows, at the sampled columns only (every row: the column pass needs them).
  const secondAlongRows = new Float64Array(height * PDQ_GRID);
  for (let row = 0; row < height; row += 1) {
    for (let cell = 0; cell < PDQ_GRID; cell += 1) {
      secondAlongRows[row * PDQ_GRID + cell] = windowMean(firstPass, row * width, 1, width, sampleColumns[cell]!, rowReach);
    }
  }
  // Second pass along columns, at the sampled rows only.
  const grid = new Float32Array(PDQ_GRID * PDQ_GRID);
  for (let cellRow = 0; cellRow < PDQ_GRID; cellRow += 1) {
    for (let cell = 0; cell < PDQ_GRID; cell += 1) {
      grid[cellRow * PDQ_GRID + cell] = windowMean(secondAlongRows, cell, PDQ_GRID, height, sampleRows[cellRow]!, columnReach);
    }
  }
  return grid;
}

/** Where the 64 samples fall along an axis: the pixel under each output cell's centre. */
function samplePositions(length: number): Int32Array {
  const positions = new Int32Array(PDQ_GRID);
  for (let cell = 0; cell < PDQ_GRID; cell += 1) positions[cell] = Math.floor(((cell + 0.5) * length) / PDQ_GRID);
  return positions;
}

/** Mean of the box around sample `at` of a line of `length` samples starting at `start`, `stride` apart. */
function windowMean(values: Float32Array | Float64Array, start: number, stride: number, length: number, at: number, { before, after }: { before: number; after: number }): number {
  // Plain comparisons rather than Math.min/max here and below: no global lookups in the hot loops
  // (inside a vm context, as under jest, each one costs about 100 times a local).
  const first = at > before ? at - before : 0;
  const last = at + after < length ? at + after : length - 1;
  let sum = 0;
  for (let index = first; index <= last; index += 1) sum += values[start + index * stride]!;
  return sum / (last - first + 1);
}

/** One box pass along one row, as a running sum. */
function boxAlongRow(input: Float32Array, output: Float32Array, start: number, length: number, { before, after }: { before: number; after: number }): void {
  let sum = 0;
  for (let index = 0; index <= after && index < length; index += 1) sum += input[start + index]!;
  for (let index = 0; index < length; index += 1) {
    const first = index > before ? index - before : 0;
    const last = index + after < length ? index + after : length - 1;
    output[start + index] = sum / (last - first + 1);
    if (index + 1 + after < length) sum += input[start + index + 1 + after]!;
    if (index - before >= 0) sum -= input[start + index - before]!;
  }
}

/** One box pass along every column at once, a running sum per column, reading row by row (cache-friendly). */
function boxAlongColumns(input: Float32Array, width: number, height: number, { before, after }: { before: number; after: number }): Float32Array {
  const output = new Float32Array(input.length);
  const sums = new Float64Array(width);
  const addRow = (row: number, sign: number): void => {
    const offset = row * width;
    for (let column = 0; column < width; column += 1) sums[column] += sign * input[offset + column]!;
  };
  for (let row = 0; row <= after && row < height; row += 1) addRow(row, 1);
  for (let row = 0; row < height; row += 1) {
    const count = (row + after < height ? row + after : height - 1) - (row > before ? row - before : 0) + 1;
    const offset = row * width;
    for (let column = 0; column < width; column += 1) output[offset + column] = sums[column]! / count;
    if (row + 1 + after < height) addRow(row + 1 + after, 1);
    if (row - before >= 0) addRow(row - before, -1);
  }
  return output;
}

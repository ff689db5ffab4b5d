/**
 * Quantization of the embedding index: every stored vector is normalized and kept as int8 values
 * in [-127, 127] with its own scale (largest |value| / 127), a query as int16 with its own scale.
 *
 * How close the index's similarity is to the float cosine: with x the stored unit vector, q the
 * unit query, s_x and s_q their scales and every value rounded to the nearest step,
 *   |similarity - cos(x, q)| <= s_x / 2 * ||q||_1 + s_q / 2 * (||x||_1 + d * s_x / 2)
 * (the rounding error of each factor times the other). The query term is about 1/130 of the
 * row term, so the row term is the error: at most (largest |x_i| / 254) * ||q||_1, about 0.012
 * for random 512-d unit vectors. The rounding errors are independent and centred, so the error
 * is typically far smaller, with a standard deviation of s_x / sqrt(12): about 0.0004 for random
 * 512-d unit vectors (largest |x_i| about 0.17); measured over 500 results among 1,000,000 such
 * vectors, mean |error| 0.00026 and largest 0.0011 (bench/support/embedding-search-bench.ts).
 * The error grows with a vector's largest component, so per-vector scales matter for CLIP
 * embeddings, whose few large components differ from image to image.
 */

/** Stored values lie in [-ROW_LEVELS, ROW_LEVELS]. */
export const ROW_LEVELS = 127;

/** The query's range: 14 bits, so its rounding adds almost nothing to the rows'. */
const MAX_QUERY_LEVELS = 16383;

/**
 * The query's range for rows of `stride` values: |sum of row * query| <= 127 * levels * stride
 * must stay below 2^31 in the scan's int32 sums (16383 up to 1032 values, less beyond).
 */
export function queryLevels(stride: number): number {
  return Math.min(MAX_QUERY_LEVELS, Math.floor(0x7fffffff / (ROW_LEVELS * stride)));
}

interface VectorMeasure {
  readonly norm: number;
  readonly maxAbs: number;
}

/** Norm and largest |value|; throws a TypeError for a wrong length, a non-finite value or a zero vector. */
function measure(vector: Float32Array, dimensions: number, what: string): VectorMeasure {
  if (!(vector instanceof Float32Array)) throw new TypeError(`${what} must be a Float32Array`);
  if (vector.length !== dimensions) throw new TypeError(`${what} must have ${dimensions} values; got ${vector.length}`);
  let squares = 0;
  let maxAbs = 0;
  for (let index = 0; index < dimensions; index += 1) {
    const value = vector[index]!;
    squares += value * value;
    const magnitude = Math.abs(value);
    if (magnitude > maxAbs) maxAbs = magnitude;
  }
  if (!Number.isFinite(squares)) throw new TypeError(`${what} has a value that is not finite`);
  if (maxAbs === 0) throw new TypeError(`${what} is all zeros; it has no direction to compare`);
  return { norm: Math.sqrt(squares), maxAbs };
}

/**
 * Writes the int8 values of `vector / ||vector||` at target[offset...] and returns their scale
 * (unit value = scale * int8), as float32 since that is how the index keeps it.
 */
export function quantizeRow(vector: Float32Array, dimensions: number, target: Int8Array, offset: number): number {
  const { norm, maxAbs } = measure(vector, dimensions, 'vector');
  const factor = ROW_LEVELS / maxAbs;
  for (let index = 0; index < dimensions; index += 1) target[offset + index] = Math.round(vector[index]! * factor);
  return Math.fround(maxAbs / norm / ROW_LEVELS);
}

/** Writes the int16 values of `query / ||query||` into target[0...] and returns their scale. */
export function quantizeQuery(query: Float32Array, dimensions: number, target: Int16Array, levels: number): number {
  const { norm, maxAbs } = measure(query, dimensions, 'query');
  const factor = levels / maxAbs;
  for (let index = 0; index < dimensions; index += 1) target[index] = Math.round(query[index]! * factor);
  return maxAbs / norm / levels;
}

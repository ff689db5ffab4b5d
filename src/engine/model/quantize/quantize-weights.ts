/** A float matrix stored row-major as [rows, columns], quantized column by column. */
export interface ColumnQuantized {
  /** Symmetric int8 values, same layout as the input. */
  readonly values: Int8Array;
  /** One scale per column: value ≈ int8 × scale. */
  readonly scales: Float32Array;
}

/**
 * Symmetric per-column int8 quantization of a [rows, columns] weight matrix: each output channel
 * (column of a MatMul's B) gets its own scale, max |w| / 127, so one large channel does not crush
 * the precision of the others. Zero stays exactly zero, so no zero point is needed.
 */
export function quantizeColumns(weights: Float32Array, rows: number, columns: number): ColumnQuantized {
  const maxAbs = new Float32Array(columns);
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    for (let column = 0; column < columns; column++) {
      const magnitude = Math.abs(weights[base + column]!);
      if (magnitude > maxAbs[column]!) maxAbs[column] = magnitude;
    }
  }
  const scales = new Float32Array(columns);
  for (let column = 0; column < columns; column++) scales[column] = maxAbs[column]! > 0 ? maxAbs[column]! / 127 : 1;
  const values = new Int8Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    for (let column = 0; column < columns; column++) {
      const q = Math.round(weights[base + column]! / scales[column]!);
      values[base + column] = q > 127 ? 127 : q < -127 ? -127 : q;
    }
  }
  return { values, scales };
}

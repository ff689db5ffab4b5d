/**
 * Embeddings are stored as base64 of little-endian float32 values: compact, exact to the float32
 * precision the model produces, and plain text on both SQLite and PostgreSQL. Little-endian is
 * written explicitly so a database copied between machines decodes the same everywhere.
 */
const BYTES_PER_FLOAT = 4;

/** Base64 of `values` as consecutive little-endian float32 numbers. */
export function encodeFloat32Base64(values: readonly number[]): string {
  const buffer = Buffer.alloc(values.length * BYTES_PER_FLOAT);
  values.forEach((value, index) => buffer.writeFloatLE(value, index * BYTES_PER_FLOAT));
  return buffer.toString('base64');
}

/** The numbers in `encoded`; throws when the byte count is not a whole number of float32 values. */
export function decodeFloat32Base64(encoded: string): number[] {
  const buffer = Buffer.from(encoded, 'base64');
  if (buffer.length % BYTES_PER_FLOAT !== 0) throw new Error(`Stored embedding has ${buffer.length} bytes, not a multiple of ${BYTES_PER_FLOAT}`);
  const values = new Array<number>(buffer.length / BYTES_PER_FLOAT);
  for (let index = 0; index < values.length; index++) values[index] = buffer.readFloatLE(index * BYTES_PER_FLOAT);
  return values;
}

/** Splits a flat list into consecutive rows of `width` values (the frames of an animation). */
export function splitRows(values: readonly number[], width: number): number[][] {
  if (width <= 0 || values.length % width !== 0) throw new Error(`Cannot split ${values.length} values into rows of ${width}`);
  const rows: number[][] = [];
  for (let start = 0; start < values.length; start += width) rows.push(values.slice(start, start + width));
  return rows;
}

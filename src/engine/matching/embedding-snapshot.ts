import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { EmbeddingRows, MAX_EMBEDDING_DIMENSIONS } from './embedding-rows';

/**
 * The embedding index's snapshot file, so that a server starts from it and then reads only the
 * decisions newer than its high-water mark. Little-endian, every array 8-byte aligned:
 *   "CLIPEMBX", u32 version, u32 dimensions, u32 count, u32 mark length,
 *   mark (UTF-8, zero-padded to 8), ids (f64 x count), scales (f32 x count, padded to 8),
 *   int8 values (dimensions x count), u32 CRC-32 of everything before it.
 * The rows are read straight into the index's memory, and the checksum catches a file that was
 * damaged after it was written (the write itself is atomic: temp file, fsync, rename).
 */
const MAGIC = Buffer.from('CLIPEMBX', 'latin1');
const VERSION = 1;
const HEADER_BYTES = 24;
const CRC_BYTES = 4;
const MAX_MARK_BYTES = 65536;
/** Rows go to and from the file in pieces of about this size; each piece's checksum is a few ms. */
const IO_BYTES = 8 * 1024 * 1024;

/** The snapshot file is missing pieces, has a bad checksum, or is for another dimension count. */
export class EmbeddingSnapshotError extends Error {
  override readonly name = 'EmbeddingSnapshotError';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`embedding index snapshot ${path}: ${reason}`);
  }
}

/** What a snapshot holds, captured synchronously when the write starts. */
export interface SnapshotSource {
  readonly rows: EmbeddingRows;
  readonly ids: Float64Array;
  readonly scales: Float32Array;
  /** Rows to write, in order; null for rows 0 to ids.length - 1. */
  readonly order: Int32Array | null;
}

interface Layout {
  readonly markOffset: number;
  readonly idsOffset: number;
  readonly scalesOffset: number;
  readonly valuesOffset: number;
  readonly crcOffset: number;
}

const pad8 = (value: number): number => Math.ceil(value / 8) * 8;

function layoutOf(dimensions: number, count: number, markBytes: number): Layout {
  const idsOffset = HEADER_BYTES + pad8(markBytes);
  const scalesOffset = idsOffset + 8 * count;
  const valuesOffset = scalesOffset + pad8(4 * count);
  return { markOffset: HEADER_BYTES, idsOffset, scalesOffset, valuesOffset, crcOffset: valuesOffset + dimensions * count };
}

function requireLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('embedding index snapshots are little-endian; this machine is not');
}

const bytesOf = (array: Float64Array | Float32Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.byteLength; ) done += (await file.write(bytes, done, bytes.byteLength - done)).bytesWritten;
}

/** Writes `source` and `mark` to `path` atomically. */
export async function writeEmbeddingSnapshot(path: string, source: SnapshotSource, mark: string): Promise<void> {
  requireLittleEndian();
  const { rows, ids, scales, order } = source;
  const markBytes = Buffer.from(mark, 'utf8');
  if (markBytes.byteLength > MAX_MARK_BYTES) throw new RangeError(`highWaterMark must be at most ${MAX_MARK_BYTES} bytes of UTF-8`);
  const count = ids.length;
  const { dimensions, stride } = rows;
  const layout = layoutOf(dimensions, count, markBytes.byteLength);
  const head = Buffer.alloc(layout.idsOffset);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(VERSION, 8);
  head.writeUInt32LE(dimensions, 12);
  head.writeUInt32LE(count, 16);
  head.writeUInt32LE(markBytes.byteLength, 20);
  markBytes.copy(head, layout.markOffset);
  const scaleBytes = new Uint8Array(layout.valuesOffset - layout.scalesOffset);
  scaleBytes.set(bytesOf(scales));

  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w');
  try {
    let crc = 0;
    for (const piece of [head, bytesOf(ids), scaleBytes]) {
      crc = crc32(piece, crc);
      await writeAll(file, piece);
    }
    // Copied out piece by piece: the index may grow (and replace its memory's buffer) meanwhile.
    const rowsPerPiece = Math.max(1, Math.floor(IO_BYTES / dimensions));
    const piece = new Uint8Array(Math.min(count, rowsPerPiece) * dimensions);
    for (let start = 0; start < count; start += rowsPerPiece) {
      const end = Math.min(count, start + rowsPerPiece);
      const values = new Uint8Array(rows.bytes.buffer);
      if (order === null && stride === dimensions) {
        piece.set(values.subarray(rows.rowAddress(start), rows.rowAddress(end)));
      } else {
        for (let index = start; index < end; index += 1) {
          const address = rows.rowAddress(order === null ? index : order[index]!);
          piece.set(values.subarray(address, address + dimensions), (index - start) * dimensions);
        }
      }
      const used = piece.subarray(0, (end - start) * dimensions);
      crc = crc32(used, crc);
      await writeAll(file, used);
    }
    const trailer = Buffer.alloc(CRC_BYTES);
    trailer.writeUInt32LE(crc >>> 0, 0);
    await writeAll(file, trailer);
    await file.datasync();
    await file.close();
    await rename(temp, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads exactly `target.byteLength` bytes at `position`; a short file is a corrupt snapshot. */
async function readExactly(file: FileHandle, target: Uint8Array, position: number, path: string): Promise<void> {
  for (let done = 0; done < target.byteLength; ) {
    const { bytesRead } = await file.read(target, done, target.byteLength - done, position + done);
    if (bytesRead === 0) throw new EmbeddingSnapshotError(path, 'the file ended early');
    done += bytesRead;
  }
}

export interface LoadedSnapshot {
  readonly rows: EmbeddingRows;
  readonly highWaterMark: string;
}

/** The rows and mark in `path`, or undefined when there is no such file; throws EmbeddingSnapshotError for a bad file. */
export async function readEmbeddingSnapshot(path: string, expectedDimensions?: number): Promise<LoadedSnapshot | undefined> {
  requireLittleEndian();
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = (await file.stat()).size;
    if (size < HEADER_BYTES + CRC_BYTES) throw new EmbeddingSnapshotError(path, `${size} bytes is too short to be a snapshot`);
    const header = Buffer.alloc(HEADER_BYTES);
    await readExactly(file, header, 0, path);
    if (!header.subarray(0, MAGIC.byteLength).equals(MAGIC)) throw new EmbeddingSnapshotError(path, 'it is not an embedding index snapshot');
    const version = header.readUInt32LE(8);
    if (version !== VERSION) throw new EmbeddingSnapshotError(path, `format version ${version} is not the supported ${VERSION}`);
    const dimensions = header.readUInt32LE(12);
    const count = header.readUInt32LE(16);
    const markLength = header.readUInt32LE(20);
    if (dimensions < 1 || dimensions > MAX_EMBEDDING_DIMENSIONS) throw new EmbeddingSnapshotError(path, `${dimensions} dimensions is out of range`);
    if (expectedDimensions !== undefined && dimensions !== expectedDimensions) {
      throw new EmbeddingSnapshotError(path, `it holds ${dimensions}-dimensional vectors; ${expectedDimensions} were expected`);
    }
    if (markLength > MAX_MARK_BYTES) throw new EmbeddingSnapshotError(path, `its high-water mark claims ${markLength} bytes`);
    const layout = layoutOf(dimensions, count, markLength);
    if (size !== layout.crcOffset + CRC_BYTES) {
      throw new EmbeddingSnapshotError(path, `${count} vectors need ${layout.crcOffset + CRC_BYTES} bytes; the file has ${size}`);
    }
    const middle = new Uint8Array(layout.valuesOffset - HEADER_BYTES);
    await readExactly(file, middle, HEADER_BYTES, path);
    let crc = crc32(middle, crc32(header));
    const at = (offset: number): number => offset - HEADER_BYTES;
    const highWaterMark = Buffer.from(middle.buffer, middle.byteOffset, markLength).toString('utf8');

    const rows = new EmbeddingRows(dimensions);
    rows.reserve(count);
    bytesOf(rows.ids).set(middle.subarray(at(layout.idsOffset), at(layout.scalesOffset)));
    bytesOf(rows.scales).set(middle.subarray(at(layout.scalesOffset), at(layout.scalesOffset) + 4 * count));
    const rowsPerPiece = Math.max(1, Math.floor(IO_BYTES / dimensions));
    const piece = rows.stride === dimensions ? null : new Uint8Array(Math.min(count, rowsPerPiece) * dimensions);
    for (let start = 0; start < count; start += rowsPerPiece) {
      const end = Math.min(count, start + rowsPerPiece);
      const position = layout.valuesOffset + start * dimensions;
      const memory = new Uint8Array(rows.bytes.buffer);
      // Without padding the file's rows are the memory's rows: read them in place.
      const target = piece === null ? memory.subarray(rows.rowAddress(start), rows.rowAddress(end)) : piece.subarray(0, (end - start) * dimensions);
      await readExactly(file, target, position, path);
      crc = crc32(target, crc);
      if (piece !== null) {
        for (let row = start; row < end; row += 1) memory.set(target.subarray((row - start) * dimensions, (row - start + 1) * dimensions), rows.rowAddress(row));
      }
    }
    const trailer = Buffer.alloc(CRC_BYTES);
    await readExactly(file, trailer, layout.crcOffset, path);
    if (trailer.readUInt32LE(0) !== crc >>> 0) throw new EmbeddingSnapshotError(path, 'its checksum does not match its contents');
    rows.count = count;
    return { rows, highWaterMark };
  } finally {
    await file.close();
  }
}

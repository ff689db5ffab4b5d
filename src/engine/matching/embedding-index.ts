import { EmbeddingIdTable } from './embedding-id-table';
import { quantizeQuery, quantizeRow } from './embedding-quantize';
import { EmbeddingRows, SCAN_CHUNK_ROWS } from './embedding-rows';
import { EmbeddingSnapshotError, readEmbeddingSnapshot, writeEmbeddingSnapshot, type SnapshotSource } from './embedding-snapshot';
import { EmbeddingTopK, type EmbeddingMatch } from './embedding-top-k';

export type { EmbeddingMatch } from './embedding-top-k';
export { EmbeddingSnapshotError } from './embedding-snapshot';

export interface EmbeddingSearchOptions {
  /** Most matches returned; 0 returns none. */
  readonly limit: number;
  /** Matches below this cosine similarity are left out. */
  readonly minSimilarity?: number;
  /**
   * Keeps only the ids it returns true for. It is asked during the scan, and only about ids
   * that would otherwise enter the result (so a narrow filter costs little); it must not change
   * the index.
   */
  readonly accept?: (id: number) => boolean;
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`id must be a non-negative safe integer; got ${id}`);
}

/**
 * Exact nearest-neighbour search over unit embeddings (CLIP image embeddings of past decisions),
 * by cosine similarity. Each vector is kept as int8 with its own scale, 1 byte a value plus
 * 12 bytes a vector and up to 16 for the id lookup (520 MiB in all for 1,000,000 x 512), and
 * every search scans them all with a WebAssembly SIMD kernel: no recall is lost to an approximate
 * structure, only precision to the quantization (embedding-quantize.ts: mean |error| about
 * 0.0003 for 512-d, and bounded). About 60 ms for 1,000,000 x 512 on one core, on the calling
 * thread (bench/support/embedding-search-bench.ts).
 *
 * Vectors can be added, replaced and removed at any time, also while a snapshot is being written
 * (rows then removed or replaced are only marked dead until the write ends, so the file holds the
 * index as it was when `writeSnapshot` was called).
 */
export class EmbeddingIndex {
  private rows: EmbeddingRows;
  private readonly table = new EmbeddingIdTable();
  /** Snapshot writes in progress: while any is, no row they are copying may change or move. */
  private writing = 0;
  /** Rows marked dead (scale NaN) during snapshot writes, to drop once the last write ends. */
  private dead = 0;
  private searching = false;

  constructor(dimensions: number) {
    this.rows = new EmbeddingRows(dimensions);
  }

  get dimensions(): number {
    return this.rows.dimensions;
  }

  /** Vectors held. */
  get size(): number {
    return this.table.size;
  }

  /** Bytes allocated: vectors, ids, scales, the id lookup and the scan buffers. */
  get memoryBytes(): number {
    return this.rows.byteLength + this.table.byteLength;
  }

  has(id: number): boolean {
    return Number.isSafeInteger(id) && id >= 0 && this.table.find(id, this.rows.ids) >= 0;
  }

  /** Adds `id` with the direction of `unitVector` (normalized again here), replacing what it had. */
  add(id: number, unitVector: Float32Array): void {
    checkId(id);
    this.checkNotSearching('add');
    const rows = this.rows;
    const existing = this.table.find(id, rows.ids);
    if (existing >= 0 && this.writing === 0) {
      rows.scales[existing] = quantizeRow(unitVector, rows.dimensions, rows.bytes, rows.rowAddress(existing));
      return;
    }
    rows.reserve(rows.count + 1);
    const row = rows.count;
    // Quantized first: a bad vector throws before anything changed.
    rows.scales[row] = quantizeRow(unitVector, rows.dimensions, rows.bytes, rows.rowAddress(row));
    rows.ids[row] = id;
    rows.count += 1;
    if (existing < 0) {
      this.table.insert(id, row, rows.ids);
      return;
    }
    this.table.move(id, row, rows.ids);
    this.markDead(existing);
  }

  /** Removes `id`; false when it was not there. */
  remove(id: number): boolean {
    this.checkNotSearching('remove');
    if (!Number.isSafeInteger(id) || id < 0) return false;
    const row = this.table.delete(id, this.rows.ids);
    if (row < 0) return false;
    if (this.writing > 0) this.markDead(row);
    else this.dropRow(row);
    return true;
  }

  /** The `limit` stored vectors most similar to `query`, best first (equal similarity: lower id first). */
  search(query: Float32Array, options: EmbeddingSearchOptions): EmbeddingMatch[] {
    const { limit, minSimilarity, accept } = options;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer; got ${limit}`);
    if (minSimilarity !== undefined && Number.isNaN(minSimilarity)) throw new RangeError('minSimilarity must be a number');
    if (accept !== undefined && typeof accept !== 'function') throw new TypeError('accept must be a function');
    const rows = this.rows;
    const queryScale = quantizeQuery(query, rows.dimensions, rows.query, rows.levels);
    if (limit === 0 || this.size === 0) return [];
    const top = new EmbeddingTopK(Math.min(limit, this.size));
    const floor = minSimilarity ?? -Infinity;
    const { ids, scales, scores, count, scan } = rows;
    this.searching = true;
    try {
      for (let start = 0; start < count; start += SCAN_CHUNK_ROWS) {
        const rowCount = Math.min(SCAN_CHUNK_ROWS, count - start);
        scan(rows.rowAddress(start), rowCount, rows.scoresAddress);
        for (let index = 0; index < rowCount; index += 1) {
          const row = start + index;
          const similarity = scores[index]! * scales[row]! * queryScale;
          // Dead rows have a NaN scale, which fails this comparison.
          if (!(similarity >= floor)) continue;
          const id = ids[row]!;
          if (!top.wants(similarity, id)) continue;
          if (accept !== undefined && !accept(id)) continue;
          top.push(similarity, id);
        }
      }
    } finally {
      this.searching = false;
    }
    return top.sorted();
  }

  /**
   * Writes the index as it is now, with `highWaterMark` (say, the newest decision included),
   * to `path`: a temporary file, flushed, then renamed over `path`.
   */
  async writeSnapshot(path: string, highWaterMark: string): Promise<void> {
    if (typeof highWaterMark !== 'string') throw new TypeError('highWaterMark must be a string');
    // Captured before the first await, so later changes do not reach this file.
    const source = this.snapshotSource();
    this.writing += 1;
    try {
      await writeEmbeddingSnapshot(path, source, highWaterMark);
    } finally {
      this.writing -= 1;
      if (this.writing === 0 && this.dead > 0) this.dropDeadRows();
    }
  }

  /**
   * The index and mark stored at `path`; undefined when there is no file there. A file that is
   * damaged, not a snapshot, or (when `dimensions` is given) of another dimension count throws
   * an EmbeddingSnapshotError: rebuild the index from the decisions then.
   */
  static async readSnapshot(path: string, dimensions?: number): Promise<{ index: EmbeddingIndex; highWaterMark: string } | undefined> {
    const loaded = await readEmbeddingSnapshot(path, dimensions);
    if (!loaded) return undefined;
    const index = new EmbeddingIndex(loaded.rows.dimensions);
    const { rows } = loaded;
    index.table.clear(rows.count);
    for (let row = 0; row < rows.count; row += 1) {
      const id = rows.ids[row]!;
      const scale = rows.scales[row]!;
      if (!Number.isSafeInteger(id) || id < 0) throw new EmbeddingSnapshotError(path, `row ${row} has the id ${id}`);
      if (!(scale > 0 && scale < Infinity)) throw new EmbeddingSnapshotError(path, `row ${row} has the scale ${scale}`);
      if (!index.table.insert(id, row, rows.ids)) throw new EmbeddingSnapshotError(path, `the id ${id} appears twice`);
    }
    index.rows = rows;
    return { index, highWaterMark: loaded.highWaterMark };
  }

  private snapshotSource(): SnapshotSource {
    const rows = this.rows;
    if (this.dead === 0) return { rows, ids: rows.ids.slice(0, rows.count), scales: rows.scales.slice(0, rows.count), order: null };
    const order = new Int32Array(rows.count - this.dead);
    let live = 0;
    for (let row = 0; row < rows.count; row += 1) if (!Number.isNaN(rows.scales[row]!)) order[live++] = row;
    return { rows, ids: Float64Array.from(order, (row) => rows.ids[row]!), scales: Float32Array.from(order, (row) => rows.scales[row]!), order };
  }

  private markDead(row: number): void {
    this.rows.scales[row] = Number.NaN;
    this.dead += 1;
  }

  /** Moves the last row into `row`'s place. */
  private dropRow(row: number): void {
    const rows = this.rows;
    const last = rows.count - 1;
    if (row !== last) {
      rows.copyRow(last, row);
      this.table.move(rows.ids[row]!, row, rows.ids);
    }
    rows.count = last;
  }

  private dropDeadRows(): void {
    // From the end, so the row moved into a dead one's place has been checked already.
    for (let row = this.rows.count - 1; row >= 0 && this.dead > 0; row -= 1) {
      if (!Number.isNaN(this.rows.scales[row]!)) continue;
      this.dropRow(row);
      this.dead -= 1;
    }
  }

  private checkNotSearching(operation: string): void {
    if (this.searching) throw new Error(`embedding index: ${operation} was called from a search's accept callback`);
  }
}

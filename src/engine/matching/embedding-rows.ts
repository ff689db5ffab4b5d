import { createScanKernel, createWasmMemory, QUERY_ADDRESS, SCAN_LANES, type ScanKernel, type WasmMemory } from './embedding-scan-kernel';
import { queryLevels } from './embedding-quantize';

/** Rows scanned per kernel call: their int32 dot products fit in 64 KiB, close to the CPU. */
export const SCAN_CHUNK_ROWS = 16384;

/** WebAssembly memory is 64 KiB pages, at most 65536 of them (4 GiB) with 32-bit addresses. */
const PAGE = 65536;
const MAX_PAGES = 65536;
const MIN_CAPACITY = 1024;

/** Most dimensions an index takes: the generated scan stays small, and the query keeps 11 bits or more. */
export const MAX_EMBEDDING_DIMENSIONS = 8192;

const align = (value: number, to: number): number => Math.ceil(value / to) * to;

/**
 * The rows of an embedding index, unordered: row r holds `ids[r]`, the int8 values of its unit
 * vector at `rowAddress(r)` in a WebAssembly memory (where the scan kernel reads them) and its
 * scale `scales[r]`. The memory starts with the query (int16) and the scan's output, then the
 * rows, each `stride` bytes (the dimensions rounded up to 16, padding zero). Growing the memory
 * keeps its contents but replaces its ArrayBuffer, so views are taken again after each growth.
 */
export class EmbeddingRows {
  readonly stride: number;
  readonly levels: number;
  readonly scoresAddress: number;
  readonly rowsAddress: number;
  private readonly memory: WasmMemory;
  readonly scan: ScanKernel;
  ids = new Float64Array(MIN_CAPACITY);
  scales = new Float32Array(MIN_CAPACITY);
  bytes: Int8Array;
  query: Int16Array;
  scores: Int32Array;
  count = 0;
  private rowCapacity: number;

  constructor(readonly dimensions: number) {
    if (!Number.isInteger(dimensions) || dimensions <= 0 || dimensions > MAX_EMBEDDING_DIMENSIONS) {
      throw new RangeError(`dimensions must be an integer from 1 to ${MAX_EMBEDDING_DIMENSIONS}; got ${dimensions}`);
    }
    this.stride = align(dimensions, SCAN_LANES);
    this.levels = queryLevels(this.stride);
    this.scoresAddress = align(QUERY_ADDRESS + 2 * this.stride, SCAN_LANES);
    this.rowsAddress = this.scoresAddress + 4 * SCAN_CHUNK_ROWS;
    const pages = Math.ceil((this.rowsAddress + MIN_CAPACITY * this.stride) / PAGE);
    this.memory = createWasmMemory(pages);
    this.rowCapacity = Math.floor((pages * PAGE - this.rowsAddress) / this.stride);
    this.scan = createScanKernel(this.memory, this.stride);
    [this.bytes, this.query, this.scores] = this.views();
  }

  /** Rows the memory holds without growing. */
  get capacity(): number {
    return this.rowCapacity;
  }

  /** Bytes held: the WebAssembly memory (rows, query, scan output) and the id and scale arrays. */
  get byteLength(): number {
    return this.memory.buffer.byteLength + this.ids.byteLength + this.scales.byteLength;
  }

  /** Byte offset of row `row` in `bytes` (and its address for the kernel). */
  rowAddress(row: number): number {
    return this.rowsAddress + row * this.stride;
  }

  /**
   * Makes room for `rows` rows, growing by a sixteenth at least: V8 grows a WebAssembly memory
   * in place (its address range is reserved up front), so small steps cost little and leave at
   * most 6 % of the memory unused; the id and scale arrays, 12 bytes a row, are copied.
   */
  reserve(rows: number): void {
    if (rows > this.rowCapacity) {
      const wanted = Math.max(rows, Math.ceil(this.rowCapacity * 1.0625));
      const pagesFor = (capacity: number): number => Math.ceil((this.rowsAddress + capacity * this.stride) / PAGE);
      const pages = Math.min(MAX_PAGES, pagesFor(wanted));
      if (pages < pagesFor(rows)) {
        throw new RangeError(`embedding index: ${rows} vectors of ${this.dimensions} values do not fit in 4 GiB of WebAssembly memory`);
      }
      this.memory.grow(pages - this.memory.buffer.byteLength / PAGE);
      this.rowCapacity = Math.floor((pages * PAGE - this.rowsAddress) / this.stride);
      [this.bytes, this.query, this.scores] = this.views();
    }
    if (rows > this.ids.length) {
      const length = Math.max(rows, Math.ceil(this.ids.length * 1.0625));
      const ids = new Float64Array(length);
      ids.set(this.ids.subarray(0, this.count));
      this.ids = ids;
      const scales = new Float32Array(length);
      scales.set(this.scales.subarray(0, this.count));
      this.scales = scales;
    }
  }

  /** Copies row `from` (values, id, scale) over row `to`. */
  copyRow(from: number, to: number): void {
    const source = this.rowAddress(from);
    this.bytes.copyWithin(this.rowAddress(to), source, source + this.stride);
    this.ids[to] = this.ids[from]!;
    this.scales[to] = this.scales[from]!;
  }

  private views(): [Int8Array, Int16Array, Int32Array] {
    const buffer = this.memory.buffer;
    return [new Int8Array(buffer), new Int16Array(buffer, QUERY_ADDRESS, this.stride), new Int32Array(buffer, this.scoresAddress, SCAN_CHUNK_ROWS)];
  }
}

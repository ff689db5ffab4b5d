/**
 * The inner loop of the embedding index, as a WebAssembly SIMD function generated for one row
 * width: int8 rows times an int16 query, one int32 dot product per row.
 *
 * Why WebAssembly: a plain-JS Int8Array scan of 1,000,000 x 512 takes about 300 ms on one core
 * (four rows at a time), the same scan in 128-bit SIMD about 60 ms, which is what the memory
 * bus allows (onnxruntime's MatMulInteger, uint8 x int8 on one thread, took 56 ms but runs
 * through a session and a Promise). The module is a few hundred bytes written here, so no
 * compiler or new dependency is needed; WebAssembly SIMD is on in every Node the package supports.
 *
 * The generated function is `scan(rowAddress, rowCount, outAddress)`: for each of `rowCount` rows
 * of `stride` int8 values starting at `rowAddress`, it stores the dot product with the int16
 * query at address 0 (`stride` values) as an int32 at `outAddress + 4 * row`. The row loop body
 * is unrolled over the whole width (the width is fixed per index), so the only branch is the
 * row loop. Each 16 int8 values are widened to two int16x8 halves and multiplied pairwise with the
 * query (i32x4.dot_i16x8_s, x86 pmaddwd); the query's range is chosen so that no sum can
 * overflow int32 (`queryLevels` in embedding-quantize.ts).
 */

/** Rows are stored and scanned in blocks of 16 int8 values (one v128). */
export const SCAN_LANES = 16;

/** The query lives at the start of the memory, as int16. */
export const QUERY_ADDRESS = 0;

export type ScanKernel = (rowAddress: number, rowCount: number, outAddress: number) => void;

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A WebAssembly memory of `pages` 64 KiB pages. */
export function createWasmMemory(pages: number): WasmMemory {
  return new wasm.Memory({ initial: pages });
}

const I32 = 0x7f;
const V128 = 0x7b;
const FUNC = 0x60;
const BLOCK = 0x02;
const LOOP = 0x03;
const END = 0x0b;
const BR_IF = 0x0d;
const EMPTY_BLOCK = 0x40;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_STORE = 0x36;
const I32_EQZ = 0x45;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_CONST = 0x0c;
const I32X4_EXTRACT_LANE = 0x1b;
const I16X8_EXTEND_LOW_I8X16_S = 0x87;
const I16X8_EXTEND_HIGH_I8X16_S = 0x88;
const I32X4_ADD = 0xae;
const I32X4_DOT_I16X8_S = 0xba;

// Parameters and locals of the scan function.
const ROW = 0;
const COUNT = 1;
const OUT = 2;
const ACC = 3;
const VALUES = 4;

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

const simd = (opcode: number, ...immediates: number[]): number[] => [SIMD, ...unsignedLeb(opcode), ...immediates];
const vectorLoad = (offset: number): number[] => simd(V128_LOAD, 4, ...unsignedLeb(offset)); // align 2^4
const name = (text: string): number[] => [...unsignedLeb(text.length), ...Array.from(text, (char) => char.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body];
const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];

/** The body of `scan` for rows of `stride` int8 values. */
function scanBody(stride: number): number[] {
  const body: number[] = [BLOCK, EMPTY_BLOCK, LOCAL_GET, COUNT, I32_EQZ, BR_IF, 0, LOOP, EMPTY_BLOCK];
  body.push(...simd(V128_CONST, ...new Array<number>(16).fill(0)), LOCAL_SET, ACC);
  for (let lane = 0; lane < stride; lane += SCAN_LANES) {
    const query = QUERY_ADDRESS + 2 * lane;
    body.push(
      LOCAL_GET, ACC,
      LOCAL_GET, ROW, ...vectorLoad(lane), LOCAL_TEE, VALUES, ...simd(I16X8_EXTEND_LOW_I8X16_S),
      I32_CONST, 0, ...vectorLoad(query), ...simd(I32X4_DOT_I16X8_S), ...simd(I32X4_ADD),
      LOCAL_GET, VALUES, ...simd(I16X8_EXTEND_HIGH_I8X16_S),
      I32_CONST, 0, ...vectorLoad(query + 16), ...simd(I32X4_DOT_I16X8_S), ...simd(I32X4_ADD),
      LOCAL_SET, ACC,
    );
  }
  body.push(LOCAL_GET, OUT);
  for (let lane = 0; lane < 4; lane += 1) {
    body.push(LOCAL_GET, ACC, ...simd(I32X4_EXTRACT_LANE, lane));
    if (lane > 0) body.push(I32_ADD);
  }
  body.push(I32_STORE, 2, 0);
  body.push(LOCAL_GET, ROW, I32_CONST, ...signedLeb(stride), I32_ADD, LOCAL_SET, ROW);
  body.push(LOCAL_GET, OUT, I32_CONST, 4, I32_ADD, LOCAL_SET, OUT);
  body.push(LOCAL_GET, COUNT, I32_CONST, 1, I32_SUB, LOCAL_TEE, COUNT, BR_IF, 0, END, END, END);
  return body;
}

/** The module's bytes: imports `env.memory`, exports `scan`. */
export function scanModuleBytes(stride: number): Uint8Array {
  if (!Number.isInteger(stride) || stride <= 0 || stride % SCAN_LANES !== 0) throw new RangeError(`stride must be a positive multiple of ${SCAN_LANES}; got ${stride}`);
  const code = [...vector([[2, V128]]), ...scanBody(stride)];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[FUNC, ...vector([[I32], [I32], [I32]]), 0]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('scan'), 0x00, 0]])),
    ...section(10, vector([[...unsignedLeb(code.length), ...code]])),
  ]);
}

const modules = new Map<number, object>();

/** A scan function over `memory` for rows of `stride` int8 values (modules are compiled once per stride). */
export function createScanKernel(memory: WasmMemory, stride: number): ScanKernel {
  let module = modules.get(stride);
  if (!module) {
    module = new wasm.Module(scanModuleBytes(stride));
    modules.set(stride, module);
  }
  const instance = new wasm.Instance(module, { env: { memory } });
  return instance.exports['scan'] as ScanKernel;
}

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { FactArrays } from './decision-facts';

/**
 * The file beside the embedding index's snapshot that holds what the index does not: each key's
 * decision id and its facts. Little-endian, every part padded to 8 bytes:
 *   "CLIPSRCF", u32 version, u32 count, u32 mark length, u32 policy-list length,
 *   mark (UTF-8), policy ids (JSON array), id words (u32 x 4 x count), times (f64 x count),
 *   policy codes (u16 x count), action codes (u8 x count), flags (u8 x count), u32 CRC-32.
 * It carries the same mark as the index's snapshot, so a pair written at different times is
 * never mistaken for one.
 */
const MAGIC = Buffer.from('CLIPSRCF', 'latin1');
const VERSION = 1;
const HEADER_BYTES = 24;

/** What a facts snapshot holds. */
export interface FactsSnapshot {
  readonly mark: string;
  readonly words: Uint32Array;
  readonly facts: FactArrays;
}

const pad8 = (length: number): number => Math.ceil(length / 8) * 8;

function padded(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength % 8 === 0) return bytes;
  const copy = new Uint8Array(pad8(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function requireLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('search index snapshots are little-endian; this machine is not');
}

/** Writes the snapshot to `path` atomically: a temporary file, flushed, then renamed over it. */
export async function writeFactsSnapshot(path: string, snapshot: FactsSnapshot): Promise<void> {
  requireLittleEndian();
  const { facts, words, mark } = snapshot;
  const count = facts.flags.length;
  const markBytes = Buffer.from(mark, 'utf8');
  const policyBytes = Buffer.from(JSON.stringify(facts.policies), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(VERSION, 8);
  header.writeUInt32LE(count, 12);
  header.writeUInt32LE(markBytes.byteLength, 16);
  header.writeUInt32LE(policyBytes.byteLength, 20);
  const parts = [header, markBytes, policyBytes, bytesOf(words), bytesOf(facts.decidedAtMs), bytesOf(facts.policyCodes), bytesOf(facts.actionCodes), bytesOf(facts.flags)].map(padded);
  let crc = 0;
  for (const part of parts) crc = crc32(part, crc);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc >>> 0, 0);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w');
  try {
    for (const part of [...parts, trailer]) {
      for (let done = 0; done < part.byteLength; ) done += (await file.write(part, done, part.byteLength - done)).bytesWritten;
    }
    await file.datasync();
    await file.close();
    await rename(temp, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** The snapshot at `path`; undefined when there is no file; throws an Error naming the path for a damaged one. */
export async function readFactsSnapshot(path: string): Promise<FactsSnapshot | undefined> {
  requireLittleEndian();
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const fail = (reason: string): never => {
    throw new Error(`search facts snapshot ${path}: ${reason}`);
  };
  if (file.byteLength < HEADER_BYTES + 4 || !file.subarray(0, 8).equals(MAGIC)) fail('it is not a search facts snapshot');
  if (file.readUInt32LE(8) !== VERSION) fail(`format version ${file.readUInt32LE(8)} is not the supported ${VERSION}`);
  const count = file.readUInt32LE(12);
  const markLength = file.readUInt32LE(16);
  const policyLength = file.readUInt32LE(20);
  const lengths = [markLength, policyLength, 16 * count, 8 * count, 2 * count, count, count];
  const expected = HEADER_BYTES + lengths.reduce((sum, length) => sum + pad8(length), 0) + 4;
  if (file.byteLength !== expected) fail(`${count} decisions need ${expected} bytes; the file has ${file.byteLength}`);
  if (crc32(file.subarray(0, expected - 4)) >>> 0 !== file.readUInt32LE(expected - 4)) fail('its checksum does not match its contents');
  let at = HEADER_BYTES;
  // Copied into fresh buffers, so every typed array is aligned whatever the Buffer pool gave.
  const take = (length: number): ArrayBuffer => {
    const slice = new Uint8Array(length);
    slice.set(file.subarray(at, at + length));
    at += pad8(length);
    return slice.buffer;
  };
  const mark = Buffer.from(take(markLength)).toString('utf8');
  const policies = JSON.parse(Buffer.from(take(policyLength)).toString('utf8')) as unknown;
  if (!Array.isArray(policies) || !policies.every((policy) => typeof policy === 'string')) fail('its policy list is not a list of ids');
  const words = new Uint32Array(take(16 * count));
  const facts: FactArrays = {
    decidedAtMs: new Float64Array(take(8 * count)),
    policyCodes: new Uint16Array(take(2 * count)),
    actionCodes: new Uint8Array(take(count)),
    flags: new Uint8Array(take(count)),
    policies: policies as string[],
  };
  return { mark, words, facts };
}

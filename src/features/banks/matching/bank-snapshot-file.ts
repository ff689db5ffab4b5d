import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PDQ_WORDS } from '../../../engine/pdq/pdq-hash';

/** One bank's entries as a file holds them, at the revision they were read at. */
export interface BankSnapshot {
  readonly bankId: string;
  readonly revision: number;
  readonly ids: Float64Array;
  /** The hashes, PDQ_WORDS words per entry, in the order of `ids`. */
  readonly words: Uint32Array;
  /** Labels of the entries that have one. */
  readonly labels: ReadonlyArray<readonly [number, string]>;
}

/** Identifies the format; a file without it (or of another version) is ignored, never trusted. */
const MAGIC = 'clip-moderation hash bank v1\n';

/**
 * Snapshots of loaded hash banks in a folder of this process, one file per bank: a process that
 * restarts reads a bank whose revision has not moved from its file, instead of reading every entry
 * from the database again (a million entries: about 4 s from SQLite; from the file the read takes
 * 0.1 s and building the index most of the 2 s the whole load took, on the 2-CPU test machine).
 * Written by hand because it is a few typed arrays behind a JSON header; nothing to parse.
 */
export class BankSnapshotFiles {
  constructor(private readonly dir: string) {}

  /** The bank's snapshot at `revision`, or undefined when there is none at that revision (or it is unreadable). */
  async read(bankId: string, revision: number): Promise<BankSnapshot | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(bankId));
    } catch {
      return undefined;
    }
    try {
      if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return undefined;
      const headerLength = bytes.readUInt32LE(MAGIC.length);
      const headerStart = MAGIC.length + 4;
      const header = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString('utf8')) as { bankId: string; revision: number; count: number; labels: [number, string][] };
      if (header.bankId !== bankId || header.revision !== revision) return undefined;
      // Typed arrays over a copy: aligned, and independent of the file buffer.
      const body = bytes.subarray(headerStart + headerLength);
      const idBytes = header.count * Float64Array.BYTES_PER_ELEMENT;
      const wordBytes = header.count * PDQ_WORDS * Uint32Array.BYTES_PER_ELEMENT;
      if (body.length !== idBytes + wordBytes) return undefined;
      const ids = new Float64Array(header.count);
      new Uint8Array(ids.buffer).set(body.subarray(0, idBytes));
      const words = new Uint32Array(header.count * PDQ_WORDS);
      new Uint8Array(words.buffer).set(body.subarray(idBytes));
      return { bankId, revision, ids, words, labels: header.labels };
    } catch {
      return undefined;
    }
  }

  /** Writes the snapshot (to a temporary file renamed into place, so a reader never sees half of one). */
  async write(snapshot: BankSnapshot): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const header = Buffer.from(JSON.stringify({ bankId: snapshot.bankId, revision: snapshot.revision, count: snapshot.ids.length, labels: snapshot.labels }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    // Unique per write: two writers of one bank (two servers sharing a data folder) never share a temporary file.
    const temporary = `${this.file(snapshot.bankId)}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writev([Buffer.from(MAGIC, 'latin1'), length, header, new Uint8Array(snapshot.ids.buffer, snapshot.ids.byteOffset, snapshot.ids.byteLength), new Uint8Array(snapshot.words.buffer, snapshot.words.byteOffset, snapshot.words.byteLength)]);
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file(snapshot.bankId));
  }

  /** Forgets a bank that went away. */
  async remove(bankId: string): Promise<void> {
    await rm(this.file(bankId), { force: true });
  }

  private file(bankId: string): string {
    // Bank ids are UUIDs: safe as file names.
    return join(this.dir, `${bankId}.pdqbank`);
  }
}

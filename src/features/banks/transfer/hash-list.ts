import { isPdqHex } from '../../../engine/pdq';
import { FORBIDDEN_CONTROL_REASON, hasForbiddenControl } from '../../../shared/text/control-characters';
import { MAX_ENTRY_LABEL_LENGTH, MAX_ENTRY_NOTE_LENGTH } from '../bank-types';

/** The two ways hash lists travel: one hash per line, or CSV with a `hash` column. */
export const HASH_LIST_FORMATS = ['text', 'csv'] as const;

/** One of {@link HASH_LIST_FORMATS}. */
export type HashListFormat = (typeof HASH_LIST_FORMATS)[number];

/** A hash read from a list, with its line (1-based) and what the list said about it. */
export interface ListedHash {
  readonly line: number;
  /** Lower-case. */
  readonly hash: string;
  readonly label: string | null;
  readonly note: string | null;
}

/** A line that holds no usable hash, and why. */
export interface InvalidLine {
  readonly line: number;
  readonly reason: string;
}

/** What a list held: its hashes (each once, first occurrence kept), the lines that were no use, and how many hashes it repeated. */
export interface ParsedHashList {
  readonly lines: number;
  readonly hashes: ListedHash[];
  readonly invalid: InvalidLine[];
  readonly repeated: number;
}

/** Lines of a list: LF, CRLF or CR; a final line break does not start another line. */
export function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Collects hashes line by line, refusing bad fields (the line is reported, the rest goes on) and keeping the first of repeated hashes. */
export class HashListCollector {
  private readonly seen = new Set<string>();
  private readonly hashes: ListedHash[] = [];
  private readonly invalid: InvalidLine[] = [];
  private repeated = 0;

  add(line: number, hash: string, label: string | null, note: string | null): void {
    const problem = problemOf(hash, label, note);
    if (problem !== null) return this.refuse(line, problem);
    const lower = hash.toLowerCase();
    if (this.seen.has(lower)) {
      this.repeated += 1;
      return;
    }
    this.seen.add(lower);
    this.hashes.push({ line, hash: lower, label: label || null, note: note || null });
  }

  refuse(line: number, reason: string): void {
    this.invalid.push({ line, reason });
  }

  result(lines: number): ParsedHashList {
    return { lines, hashes: this.hashes, invalid: this.invalid, repeated: this.repeated };
  }
}

function problemOf(hash: string, label: string | null, note: string | null): string | null {
  if (!isPdqHex(hash)) return String(hash).includes(',') ? 'not a PDQ hash (64 hex digits); a CSV list is imported with format csv' : 'not a PDQ hash (64 hex digits)';
  if (label !== null && label.length > MAX_ENTRY_LABEL_LENGTH) return `label is longer than ${MAX_ENTRY_LABEL_LENGTH} characters`;
  if (note !== null && note.length > MAX_ENTRY_NOTE_LENGTH) return `note is longer than ${MAX_ENTRY_NOTE_LENGTH} characters`;
  if ((label !== null && hasForbiddenControl(label)) || (note !== null && hasForbiddenControl(note))) return `label or note ${FORBIDDEN_CONTROL_REASON}`;
  return null;
}

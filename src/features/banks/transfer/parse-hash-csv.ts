import { parse } from 'csv-parse/sync';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { HashListCollector, ParsedHashList, splitLines } from './hash-list';

/** Header names of the hash column, any case. */
const HASH_COLUMNS = ['hash', 'pdq', 'pdq_hash'];

/** Most lines one quoted field may span (a note with line breaks); past that an open quote is a broken line. */
const MAX_RECORD_LINES = 20;

interface Columns {
  readonly hash: number;
  readonly label: number;
  readonly note: number;
}

/**
 * A CSV hash list: a header naming a `hash` column (also `pdq` or `pdq_hash`) and optionally
 * `label` and `note`; other columns are ignored. Blank lines and lines starting with `#` are
 * skipped. Records are read line by line, so a broken line (a stray quote, say) is reported with
 * its number and the lines after it still import; a quoted field may span lines. Throws
 * BANK_IMPORT_INVALID when the header names no hash column.
 */
export function parseHashCsv(text: string): ParsedHashList {
  const lines = splitLines(text);
  const collector = new HashListCollector();
  let columns: Columns | null = null;
  for (let index = 0; index < lines.length; ) {
    const line = index + 1;
    const raw = lines[index]!;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) {
      index += 1;
      continue;
    }
    const read = readRecord(lines, index);
    index = read.next;
    if (typeof read.fields === 'string') {
      collector.refuse(line, read.fields);
      continue;
    }
    if (columns === null) {
      columns = columnsOf(read.fields, line);
      continue;
    }
    const fields = read.fields;
    const field = (at: number): string | null => (at < 0 ? null : fields[at] ?? null);
    collector.add(line, field(columns.hash) ?? '', field(columns.label), field(columns.note));
  }
  return collector.result(lines.length);
}

/**
 * The record starting at `lines[start]`, and the index of the line after it. Lines without quotes
 * split on commas; the CSV parser reads the rest, joining the next lines while a quoted field is
 * open. A record that will not parse is that one line only: reading resumes on the next.
 */
function readRecord(lines: readonly string[], start: number): { fields: string[] | string; next: number } {
  const first = lines[start]!;
  if (!first.includes('"')) return { fields: first.split(',').map((field) => field.trim()), next: start + 1 };
  let end = start;
  let text = first;
  while (quotes(text) % 2 === 1 && end + 1 < lines.length && end - start + 1 < MAX_RECORD_LINES) {
    end += 1;
    text += `\n${lines[end]}`;
  }
  try {
    const records = parse(text, { relax_column_count: true, trim: true });
    if (records.length === 1) return { fields: records[0]!, next: end + 1 };
    return { fields: 'not a CSV record: a quoted field is never closed', next: start + 1 };
  } catch (error) {
    return { fields: `not a CSV record: ${error instanceof Error ? error.message : String(error)}`, next: start + 1 };
  }
}

function quotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count += 1;
  return count;
}

function columnsOf(header: readonly string[], line: number): Columns {
  const names = header.map((name) => name.toLowerCase());
  const hash = names.findIndex((name) => HASH_COLUMNS.includes(name));
  if (hash < 0) {
    throw new ModerationError(AppErrorCode.BankImportInvalid, `The CSV header (line ${line}) names no hash column; expected one of ${HASH_COLUMNS.join(', ')}`, {
      line,
      columns: header.slice(0, 20),
    });
  }
  return { hash, label: names.indexOf('label'), note: names.indexOf('note') };
}

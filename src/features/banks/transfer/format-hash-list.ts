import { HashBankEntryEntity } from '../../../database/entities/hash-bank-entry.entity';
import { HashListFormat } from './hash-list';

/** The columns of a CSV export; importing it again reads `hash`, `label` and `note`. */
export const CSV_EXPORT_COLUMNS = ['hash', 'label', 'note', 'source', 'created_at'] as const;

/** The first line of an export: the CSV header, nothing for text. */
export function exportHeader(format: HashListFormat): string {
  return format === 'csv' ? `${CSV_EXPORT_COLUMNS.join(',')}\n` : '';
}

/** Entries as export lines: a hash per line, or CSV records. */
export function exportLines(entries: readonly HashBankEntryEntity[], format: HashListFormat): string {
  let text = '';
  for (const entry of entries) {
    text += format === 'csv' ? `${[entry.hash, entry.label ?? '', entry.note ?? '', entry.source, entry.createdAt.toISOString()].map(csvField).join(',')}\n` : `${entry.hash}\n`;
  }
  return text;
}

/** One CSV field, quoted when it must be: commas, quotes, line breaks, spaces at either end. */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

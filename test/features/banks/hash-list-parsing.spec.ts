import { exportHeader, exportLines } from '../../../src/features/banks/transfer/format-hash-list';
import { parseHashCsv } from '../../../src/features/banks/transfer/parse-hash-csv';
import { parseHashText } from '../../../src/features/banks/transfer/parse-hash-text';
import { HashBankEntryEntity } from '../../../src/database/entities/hash-bank-entry.entity';

const A = 'a'.repeat(64);
const B = 'b'.repeat(63) + 'c';
const C = '0123456789abcdef'.repeat(4);

describe('hash lists', () => {
  it('reads a plain list: comments, blank lines, CRLF, upper case, trailing text, repeats and bad lines by number', () => {
    const text = `\uFEFF# shared list 2026-05\r\n${A}\r\n\r\n${B.toUpperCase()} 87 photo.jpg\r\n  # indented comment\r\nnot-a-hash\r\n${A}\r\n${C.slice(0, 60)}\r\n${A},label\r\n`;
    const parsed = parseHashText(text);
    expect(parsed.lines).toBe(9);
    expect(parsed.hashes).toEqual([
      { line: 2, hash: A, label: null, note: null },
      { line: 4, hash: B, label: null, note: null },
    ]);
    expect(parsed.repeated).toBe(1);
    expect(parsed.invalid).toEqual([
      { line: 6, reason: 'not a PDQ hash (64 hex digits)' },
      { line: 8, reason: 'not a PDQ hash (64 hex digits)' },
      { line: 9, reason: 'not a PDQ hash (64 hex digits); a CSV list is imported with format csv' },
    ]);
  });

  it('reads CSV by its header, any column order, quoted fields, a field over two lines, and goes on after a broken line', () => {
    const text = [
      'id,Label,HASH,note,extra',
      `1,first,${A},"says ""hi"", twice",x`,
      '# a comment',
      `2,"bad "quote,${B},,`,
      `3,,${B},"two`,
      `lines",`,
      `4,"x" y,${C}`,
      `5,too long,nothing`,
      `6,last,${C.toUpperCase()},`,
    ].join('\n');
    const parsed = parseHashCsv(text);
    expect(parsed.hashes).toEqual([
      { line: 2, hash: A, label: 'first', note: 'says "hi", twice' },
      { line: 5, hash: B, label: null, note: 'two\nlines' },
      { line: 9, hash: C, label: 'last', note: null },
    ]);
    expect(parsed.invalid.map((line) => line.line)).toEqual([4, 7, 8]);
    expect(parsed.invalid[0]!.reason).toMatch(/^not a CSV record: /);
    expect(parsed.invalid[2]!.reason).toBe('not a PDQ hash (64 hex digits)');
  });

  it('refuses labels that are too long or hold control characters, line by line', () => {
    const parsed = parseHashCsv(`hash,label\n${A},${'x'.repeat(256)}\n${B},ok\u0000\n${C},fine`);
    expect(parsed.hashes.map((entry) => entry.hash)).toEqual([C]);
    expect(parsed.invalid).toEqual([
      { line: 2, reason: 'label is longer than 255 characters' },
      { line: 3, reason: expect.stringContaining('control characters') },
    ]);
  });

  it('refuses a CSV whose header names no hash column, as BANK_IMPORT_INVALID', () => {
    expect(() => parseHashCsv(`# comment\nlabel,note\nx,y`)).toThrow(expect.objectContaining({ code: 'BANK_IMPORT_INVALID', details: { line: 2, columns: ['label', 'note'] } }));
  });

  it('exports lists that import again to the same entries', () => {
    const at = new Date('2026-05-01T10:00:00.000Z');
    const entries: HashBankEntryEntity[] = [
      { id: 1, bankId: 'b', hash: A, label: 'a, "quoted" label', note: ' two\nlines', source: 'api', createdBy: null, createdAt: at },
      { id: 2, bankId: 'b', hash: B, label: null, note: null, source: 'import', createdBy: null, createdAt: at },
    ];
    const csv = exportHeader('csv') + exportLines(entries, 'csv');
    expect(csv.split('\n')[0]).toBe('hash,label,note,source,created_at');
    // Quoted, the note keeps its leading space and its line break.
    expect(parseHashCsv(csv).hashes).toEqual([
      { line: 2, hash: A, label: 'a, "quoted" label', note: ' two\nlines' },
      { line: 4, hash: B, label: null, note: null },
    ]);
    expect(parseHashText(exportHeader('text') + exportLines(entries, 'text')).hashes.map((entry) => entry.hash)).toEqual([A, B]);
  });
});

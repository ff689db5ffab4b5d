/** One record of a CSV file and the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Parses CSV as RFC 4180 writes it (commas, double-quoted fields with `""` for a quote, CRLF or
 * LF line ends), which is what spreadsheets export. Written here rather than pulled in as a
 * dependency because manifests are small and this is the whole grammar. A byte-order mark is
 * dropped and blank lines are skipped. Throws on a quote left open at the end of the text.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;
  const endRecord = (): void => {
    cells.push(cell);
    // A line with nothing on it is not a record (a trailing newline, a spacer line).
    if (cells.length > 1 || cells[0] !== '' || cellStarted) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    cellStarted = false;
  };
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === '') {
      quoted = true;
      cellStarted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      cellStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) throw new Error(`a quoted field opened on line ${recordLine} is never closed`);
  if (cell !== '' || cells.length > 0 || cellStarted) endRecord();
  return records;
}

import { access, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { sha256File } from '../../engine/model/model-identity';
import { LabelledImageFile, LabelledImageSet } from './labelled-example';
import { LabelledSetProblem, labelledSetError } from './labelled-set-error';
import { parseCsv } from './parse-csv';
import { parseLabelCell } from './parse-label-cell';

/** Names accepted for the first column of a manifest. */
const PATH_COLUMNS: ReadonlySet<string> = new Set(['path', 'file', 'image']);

/**
 * Reads a labelled manifest: a header `path,<category>,<category>,…` then one row per image with
 * `1`, `0` or blank (not labelled) per category. Paths are relative to the CSV's folder (or
 * absolute). Policy categories without a column are unlabelled; a column that is not a category
 * of the policy is reported, as are unknown cells, missing files and short or long rows, all at
 * once with their line numbers. Throws ModerationError ValidationFailed.
 */
export async function readLabelledCsv(csvPath: string, categories: readonly string[]): Promise<LabelledImageSet> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (error) {
    throw labelledSetError(csvPath, [{ key: csvPath, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw labelledSetError(csvPath, [{ key: csvPath, reason: `is not valid CSV: ${(error as Error).message}` }]);
  }
  const [header, ...rows] = records;
  if (!header) throw labelledSetError(csvPath, [{ key: csvPath, reason: 'is empty; expected a header path,<category>,…' }]);
  const problems: LabelledSetProblem[] = [];
  const columns = header.cells.map((cell) => cell.trim());
  if (!PATH_COLUMNS.has(columns[0]!.toLowerCase())) problems.push({ key: 'line 1', reason: `the first column must be "path", got "${columns[0]}"` });
  const known = new Set(categories);
  const labelColumns = columns.slice(1);
  labelColumns.forEach((column, index) => {
    if (!known.has(column)) problems.push({ key: 'line 1', reason: `column "${column}" is not a category of the policy (${categories.join(', ')})` });
    if (labelColumns.indexOf(column) !== index) problems.push({ key: 'line 1', reason: `column "${column}" appears twice` });
  });
  if (problems.length > 0) throw labelledSetError(csvPath, problems);

  const base = dirname(resolve(csvPath));
  const files: LabelledImageFile[] = [];
  const ignored: string[] = [];
  for (const row of rows) {
    const key = `line ${row.line}`;
    if (row.cells.length !== columns.length) {
      problems.push({ key, reason: `has ${row.cells.length} cells, the header has ${columns.length}` });
      continue;
    }
    const id = row.cells[0]!.trim();
    if (id === '') {
      problems.push({ key, reason: 'has no path' });
      continue;
    }
    const labels: Record<string, boolean | undefined> = Object.fromEntries(categories.map((category) => [category, undefined]));
    let valid = true;
    labelColumns.forEach((column, index) => {
      const value = parseLabelCell(row.cells[index + 1]!);
      if (value === 'invalid') {
        problems.push({ key, reason: `"${row.cells[index + 1]}" under ${column} is not 1, 0 or blank` });
        valid = false;
      } else {
        labels[column] = value;
      }
    });
    if (!valid) continue;
    if (Object.values(labels).every((label) => label === undefined)) {
      // Nothing to measure against; embedding it would only cost time.
      ignored.push(id);
      continue;
    }
    const path = isAbsolute(id) ? id : resolve(base, id);
    const readable = await access(path).then(() => true, () => false);
    if (!readable) {
      problems.push({ key, reason: `${id} does not exist or cannot be read` });
      continue;
    }
    files.push({ id, path, sha256: await sha256File(path), labels });
  }
  if (files.length === 0 && problems.length === 0) problems.push({ key: csvPath, reason: 'lists no labelled images' });
  if (problems.length > 0) throw labelledSetError(csvPath, problems);
  return { kind: 'csv', source: csvPath, files, ignored };
}

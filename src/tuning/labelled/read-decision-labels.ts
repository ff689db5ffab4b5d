import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CategoryLabels } from './labelled-example';
import { LabelledSetProblem, labelledSetError } from './labelled-set-error';
import { parseCsv } from './parse-csv';
import { parseLabelCell } from './parse-label-cell';

/** Names accepted for the first column of a decision-labels CSV. */
const ID_COLUMNS: ReadonlySet<string> = new Set(['id', 'decision', 'decisionid', 'decision_id']);

/**
 * Ground truth for stored decisions, keyed by decision id, until reviewer labels are read from
 * the review queue: a CSV `id,<category>,…` with 1, 0 or blank per category (the eval manifest's
 * format, with decision ids for paths), or a JSON object `{ "<id>": { "<category>": true } }`.
 * Throws ModerationError ValidationFailed listing every problem.
 */
export async function readDecisionLabels(path: string): Promise<Map<string, CategoryLabels>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw labelledSetError(path, [{ key: path, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  return extname(path).toLowerCase() === '.json' ? fromJson(path, text) : fromCsv(path, text);
}

function fromCsv(path: string, text: string): Map<string, CategoryLabels> {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw labelledSetError(path, [{ key: path, reason: `is not valid CSV: ${(error as Error).message}` }]);
  }
  const [header, ...rows] = records;
  const problems: LabelledSetProblem[] = [];
  if (!header || !ID_COLUMNS.has(header.cells[0]!.trim().toLowerCase())) problems.push({ key: 'line 1', reason: 'the header must start with an id column: id,<category>,…' });
  if (problems.length > 0) throw labelledSetError(path, problems);
  const columns = header!.cells.slice(1).map((cell) => cell.trim());
  const labels = new Map<string, CategoryLabels>();
  for (const row of rows) {
    if (row.cells.length !== columns.length + 1) {
      problems.push({ key: `line ${row.line}`, reason: `has ${row.cells.length} cells, the header has ${columns.length + 1}` });
      continue;
    }
    const entry: Record<string, boolean | undefined> = {};
    columns.forEach((column, index) => {
      const value = parseLabelCell(row.cells[index + 1]!);
      if (value === 'invalid') problems.push({ key: `line ${row.line}`, reason: `"${row.cells[index + 1]}" under ${column} is not 1, 0 or blank` });
      else entry[column] = value;
    });
    labels.set(row.cells[0]!.trim().toLowerCase(), entry);
  }
  if (problems.length > 0) throw labelledSetError(path, problems);
  return labels;
}

function fromJson(path: string, text: string): Map<string, CategoryLabels> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw labelledSetError(path, [{ key: path, reason: `is not valid JSON: ${(error as Error).message}` }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw labelledSetError(path, [{ key: path, reason: 'must be an object of decision id to { category: true | false | null }' }]);
  }
  const problems: LabelledSetProblem[] = [];
  const labels = new Map<string, CategoryLabels>();
  for (const [id, entry] of Object.entries(value)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ key: id, reason: 'must be an object of category to true, false or null' });
      continue;
    }
    const checked: Record<string, boolean | undefined> = {};
    for (const [category, label] of Object.entries(entry as Record<string, unknown>)) {
      if (label === null || label === undefined) checked[category] = undefined;
      else if (typeof label === 'boolean') checked[category] = label;
      else problems.push({ key: `${id}.${category}`, reason: 'must be true, false or null' });
    }
    labels.set(id.toLowerCase(), checked);
  }
  if (problems.length > 0) throw labelledSetError(path, problems);
  return labels;
}

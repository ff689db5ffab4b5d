/** Cell texts read as "violates" and "does not violate"; a blank cell means "not labelled". */
const TRUE_CELLS: ReadonlySet<string> = new Set(['1', 'true', 'yes', 'y']);
const FALSE_CELLS: ReadonlySet<string> = new Set(['0', 'false', 'no', 'n']);

/**
 * Reads one label cell: `1`/`0` (also true/false, yes/no, any case), blank for unlabelled.
 * Returns `'invalid'` for anything else so the caller can name the line.
 */
export function parseLabelCell(text: string): boolean | undefined | 'invalid' {
  const value = text.trim().toLowerCase();
  if (value === '') return undefined;
  if (TRUE_CELLS.has(value)) return true;
  if (FALSE_CELLS.has(value)) return false;
  return 'invalid';
}

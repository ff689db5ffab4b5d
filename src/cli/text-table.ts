/**
 * Rows as aligned plain-text columns: the first column left-aligned (names), the rest
 * right-aligned (numbers), two spaces apart. Cells are already strings.
 */
export function textTable(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ').trimEnd());
}

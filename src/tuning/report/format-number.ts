/** A rate or score for people: three decimals (or `digits`), or a dash when there is none. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/** A length of time for people, in the largest unit that keeps it readable: `11 s`, `42 min`, `3.5 h`, `2.0 days`. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/**
 * The shortest decimal in `(lower, upper]`, nearest the middle: every threshold in that interval
 * flags exactly the same examples, so people get `0.73` rather than `0.7318440628051758`, and the
 * value sits away from the examples on both sides instead of on top of one of them. Falls back
 * to `upper` (always in the interval) when no decimal of up to 8 places fits.
 */
export function readableThreshold(lower: number, upper: number): number {
  if (!(upper > lower)) return upper;
  const middle = lower + (upper - lower) / 2;
  for (let places = 1; places <= 8; places++) {
    const scale = 10 ** places;
    for (const candidate of [Math.round(middle * scale) / scale, Math.ceil(lower * scale) / scale, Math.floor(upper * scale) / scale]) {
      if (candidate > lower && candidate <= upper) return candidate;
    }
  }
  return upper;
}

/**
 * The exclusive lower end of the interval below the lowest score: a short way under it (5 % of
 * the score range), never below the range's floor.
 */
export function lowestLower(lowestScore: number, range: readonly [min: number, max: number]): number {
  return Math.max(range[0], lowestScore - (range[1] - range[0]) * 0.05);
}

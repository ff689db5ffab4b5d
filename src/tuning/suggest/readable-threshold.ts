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
 * The threshold for flagging everything down to the lowest score: every threshold at or below it
 * flags the same, and one far below it says nothing the data support (−0.7 when the lowest cosine
 * seen is −0.6). So it stays within 1 % of the score range under the lowest score, as the shortest
 * decimal there, or is the range's floor when that is as close.
 */
export function atLowestScore(lowestScore: number, range: readonly [min: number, max: number]): number {
  const lower = lowestScore - (range[1] - range[0]) * 0.01;
  return lower <= range[0] ? range[0] : readableThreshold(lower, lowestScore);
}

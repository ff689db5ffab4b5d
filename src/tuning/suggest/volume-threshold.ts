import { atLowestScore, readableThreshold } from './readable-threshold';

/** A threshold and how many past decisions it would flag. */
export interface VolumeThreshold {
  readonly threshold: number;
  readonly count: number;
}

/**
 * The lowest threshold that flags at most `allowed` of `scores`, so a queue gets as much as it
 * can take and no more. Only scores below `ceiling` count (for a review threshold: the block
 * threshold, since blocked images do not go to review). When even the highest score alone would
 * be too many, the threshold goes above every score if the range allows; `count` is always what
 * the returned threshold really flags, so the caller can tell whether the target was met.
 */
export function thresholdForVolume(scores: ArrayLike<number>, allowed: number, range: readonly [min: number, max: number], ceiling = Infinity): VolumeThreshold {
  const sorted = Float64Array.from(scores).filter((score) => score < ceiling).sort().reverse();
  let chosen = -1;
  for (let index = 0; index < sorted.length; index++) {
    // The end of a run of equal scores: a threshold cannot take some of them and not others.
    if (index + 1 < sorted.length && sorted[index + 1] === sorted[index]) continue;
    if (index + 1 > allowed) break;
    chosen = index;
  }
  if (chosen < 0) {
    // Nothing may be flagged: go above the highest score if the range leaves room. When scores
    // sit at the very top of the range (a saturated softmax) no threshold avoids them, and the
    // count says so.
    const top = Math.min(ceiling, range[1]);
    const highest = sorted[0];
    const threshold = highest === undefined ? top : highest < top ? readableThreshold(highest, top) : top;
    return { threshold, count: sorted.filter((score) => score >= threshold).length };
  }
  const upper = sorted[chosen]!;
  const lower = sorted[chosen + 1];
  return { threshold: lower === undefined ? atLowestScore(upper, range) : Math.max(range[0], readableThreshold(lower, upper)), count: chosen + 1 };
}

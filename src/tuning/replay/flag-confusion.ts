import { metricsFromCounts } from '../metrics/threshold-metrics';
import { FlagMetrics } from './replay-report';

/**
 * Confusion counts of "flagged" (review or block) against labels, for the same decisions before
 * and after, so a replay can say whether a change catches more of what reviewers marked violating.
 */
export class FlagConfusion {
  private readonly before = { tp: 0, fp: 0, tn: 0, fn: 0 };
  private readonly after = { tp: 0, fp: 0, tn: 0, fn: 0 };
  private labelled = 0;

  /** One labelled decision: flagged before, flagged after, and its label. */
  add(flaggedBefore: boolean, flaggedAfter: boolean, violating: boolean): void {
    this.labelled++;
    count(this.before, flaggedBefore, violating);
    count(this.after, flaggedAfter, violating);
  }

  /** The metrics on both sides, or undefined when nothing was labelled. */
  result(): { readonly count: number; readonly before: FlagMetrics; readonly after: FlagMetrics } | undefined {
    if (this.labelled === 0) return undefined;
    return { count: this.labelled, before: withoutThreshold(this.before), after: withoutThreshold(this.after) };
  }
}

function count(counts: { tp: number; fp: number; tn: number; fn: number }, flagged: boolean, violating: boolean): void {
  if (flagged && violating) counts.tp++;
  else if (flagged) counts.fp++;
  else if (violating) counts.fn++;
  else counts.tn++;
}

function withoutThreshold(counts: { tp: number; fp: number; tn: number; fn: number }): FlagMetrics {
  const { threshold: _threshold, ...metrics } = metricsFromCounts(Number.NaN, counts);
  return metrics;
}

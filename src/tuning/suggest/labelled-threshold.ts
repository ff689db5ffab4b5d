import { LabelledScores } from '../metrics/labelled-scores';
import { OperatingPoint, operatingPoints } from '../metrics/operating-points';
import { ThresholdMetrics, metricsAtThreshold } from '../metrics/threshold-metrics';
import { atLowestScore, readableThreshold } from './readable-threshold';

/** A threshold and what it achieves on the labelled set. */
export interface LabelledThreshold {
  readonly threshold: number;
  readonly metrics: ThresholdMetrics;
}

/**
 * The threshold that meets a target on a labelled set, choosing among the thresholds that meet
 * it the one that is best otherwise:
 * - `precision` ≥ value: the lowest such threshold (most recall);
 * - `recall` ≥ value: the highest such threshold (fewest false positives);
 * - `fpr` ≤ value: the lowest such threshold (most recall), possibly above every score.
 * Candidates are the distinct scores (a threshold between two of them changes nothing), and the
 * value returned is a short decimal between the chosen score and the next lower one (just under
 * the lowest score when that is the one chosen). `range` is the scoring method's score range,
 * which thresholds must stay within. Null when no threshold meets the target (a precision the
 * data never reaches, say).
 */
export function thresholdForLabelledTarget(
  set: LabelledScores,
  metric: 'precision' | 'recall' | 'fpr',
  value: number,
  range: readonly [min: number, max: number],
): LabelledThreshold | null {
  const points = operatingPoints(set);
  const meets = (point: OperatingPoint): boolean => countsMeet(set, point, metric, value);
  // Points run from the highest score down; recall and FPR only grow along them.
  let chosen = -1;
  if (metric === 'recall') chosen = points.findIndex(meets);
  else for (let index = 0; index < points.length; index++) if (meets(points[index]!)) chosen = index;
  if (chosen >= 0) {
    const upper = points[chosen]!.threshold;
    const lower = points[chosen + 1]?.threshold;
    const threshold = lower === undefined ? atLowestScore(upper, range) : Math.max(range[0], readableThreshold(lower, upper));
    return { threshold, metrics: metricsAtThreshold(set, threshold) };
  }
  // Flagging nothing has no false positives: the answer for an FPR target no score meets.
  const highest = points[0]?.threshold ?? range[0];
  if (metric === 'fpr' && highest < range[1]) {
    const threshold = readableThreshold(highest, range[1]);
    return { threshold, metrics: metricsAtThreshold(set, threshold) };
  }
  return null;
}

/** Whether flagging every example scoring at or above `threshold` meets the target on the set. */
export function meetsLabelledTarget(set: LabelledScores, metric: 'precision' | 'recall' | 'fpr', value: number, threshold: number): boolean {
  const { tp, fp } = metricsAtThreshold(set, threshold);
  return countsMeet(set, { threshold, tp, fp }, metric, value);
}

function countsMeet(set: LabelledScores, point: OperatingPoint, metric: 'precision' | 'recall' | 'fpr', value: number): boolean {
  if (metric === 'precision') return point.tp / (point.tp + point.fp) >= value;
  if (metric === 'recall') return set.positives > 0 && point.tp / set.positives >= value;
  return set.negatives === 0 || point.fp / set.negatives <= value;
}

import { LabelledScores } from './labelled-scores';

/** The counts flagged by one threshold: every example scoring at or above it. */
export interface OperatingPoint {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
}

/**
 * One point per distinct score, highest first, with cumulative counts. Tied scores form one
 * point because no threshold can separate them; this is what makes AP and ROC-AUC below treat
 * ties the standard way (scikit-learn's, and half credit in the ROC's Mann-Whitney reading).
 */
export function operatingPoints(set: LabelledScores): OperatingPoint[] {
  const order = Array.from(set.scores.keys()).sort((a, b) => set.scores[b]! - set.scores[a]!);
  const points: OperatingPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let at = 0; at < order.length; at++) {
    const index = order[at]!;
    if (set.positive[index]) tp++;
    else fp++;
    const next = order[at + 1];
    if (next === undefined || set.scores[next]! !== set.scores[index]!) points.push({ threshold: set.scores[index]!, tp, fp });
  }
  return points;
}

/**
 * Average precision: the precision at each distinct threshold weighted by the recall it adds,
 * Σ (Rₖ − Rₖ₋₁) · Pₖ. A step-wise area under the PR curve that, unlike the trapezoid, does not
 * reward interpolating between points. Null without positives.
 */
export function averagePrecision(points: readonly OperatingPoint[], positives: number): number | null {
  if (positives === 0) return null;
  let sum = 0;
  let previousRecall = 0;
  for (const point of points) {
    const recall = point.tp / positives;
    sum += (recall - previousRecall) * (point.tp / (point.tp + point.fp));
    previousRecall = recall;
  }
  return sum;
}

/**
 * Area under the ROC curve by the trapezoid rule over the distinct thresholds, which equals the
 * probability that a random positive outscores a random negative, ties counting half. Null
 * unless there are both positives and negatives.
 */
export function rocAuc(points: readonly OperatingPoint[], positives: number, negatives: number): number | null {
  if (positives === 0 || negatives === 0) return null;
  let area = 0;
  let previousTpr = 0;
  let previousFpr = 0;
  for (const point of points) {
    const tpr = point.tp / positives;
    const fpr = point.fp / negatives;
    area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousTpr = tpr;
    previousFpr = fpr;
  }
  return area;
}

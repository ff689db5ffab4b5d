import { LabelledScores } from './labelled-scores';

/** How a threshold splits labelled examples: flagged means score ≥ threshold, as the engine decides. */
export interface ConfusionCounts {
  /** Positives flagged. */
  readonly tp: number;
  /** Negatives flagged. */
  readonly fp: number;
  /** Negatives not flagged. */
  readonly tn: number;
  /** Positives not flagged. */
  readonly fn: number;
}

/**
 * The usual rates at one threshold. A rate whose denominator is zero is null rather than 0 or
 * NaN: "no positives to recall" is a fact about the data, not a recall of zero.
 */
export interface ThresholdMetrics extends ConfusionCounts {
  readonly threshold: number;
  /** tp / (tp + fp): of what was flagged, the share that violates. */
  readonly precision: number | null;
  /** tp / (tp + fn): of what violates, the share flagged. */
  readonly recall: number | null;
  /** Harmonic mean of precision and recall. */
  readonly f1: number | null;
  /** fp / (fp + tn): of what is fine, the share flagged. */
  readonly fpr: number | null;
}

/** The metrics of flagging every example scoring at or above `threshold`. */
export function metricsAtThreshold(set: LabelledScores, threshold: number): ThresholdMetrics {
  let tp = 0;
  let fp = 0;
  for (let index = 0; index < set.scores.length; index++) {
    // Inclusive, like decideCategoryAction: a threshold of 0.85 means "0.85 and up".
    if (set.scores[index]! >= threshold) {
      if (set.positive[index]) tp++;
      else fp++;
    }
  }
  return metricsFromCounts(threshold, { tp, fp, fn: set.positives - tp, tn: set.negatives - fp });
}

/** Precision, recall, F1 and false-positive rate from confusion counts. */
export function metricsFromCounts(threshold: number, counts: ConfusionCounts): ThresholdMetrics {
  const { tp, fp, tn, fn } = counts;
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const fpr = fp + tn === 0 ? null : fp / (fp + tn);
  return { threshold, tp, fp, tn, fn, precision, recall, f1, fpr };
}

import { ModerationAction, mostSevereAction } from '../../../src/engine/policy/moderation-action';
import { decideCategoryAction } from '../../../src/engine/policy/decide-category-action';
import { Policy } from '../../../src/engine/policy/policy.types';

/** A labelled score, as the test sees it from the decisions and the labels it gave. */
export interface Scored {
  readonly score: number;
  readonly positive: boolean;
}

/** Confusion counts of flagging every score at or above `threshold`, counted here without any tuning code. */
export function countsAt(examples: readonly Scored[], threshold: number): { tp: number; fp: number; fn: number; tn: number } {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { score, positive } of examples) {
    const flagged = score >= threshold;
    if (flagged && positive) counts.tp++;
    else if (flagged) counts.fp++;
    else if (positive) counts.fn++;
    else counts.tn++;
  }
  return counts;
}

/** ROC-AUC as the Mann-Whitney statistic: the share of (positive, negative) pairs the positive wins, ties half. */
export function mannWhitneyAuc(examples: readonly Scored[]): number {
  const positives = examples.filter((example) => example.positive);
  const negatives = examples.filter((example) => !example.positive);
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

/** Average precision: for each distinct score from the top, the precision there times the recall it adds. */
export function stepAveragePrecision(examples: readonly Scored[]): number {
  const total = examples.filter((example) => example.positive).length;
  const scores = [...new Set(examples.map((example) => example.score))].sort((a, b) => b - a);
  let sum = 0;
  let previousRecall = 0;
  for (const threshold of scores) {
    const { tp, fp } = countsAt(examples, threshold);
    sum += (tp / total - previousRecall) * (tp / (tp + fp));
    previousRecall = tp / total;
  }
  return sum;
}

/** The enforced action a policy takes on a decision's stored category scores. */
export function actionUnder(policy: Policy, scores: ReadonlyMap<string, number>): ModerationAction {
  const actions = policy.categories.filter((category) => !category.shadow).map((category) => decideCategoryAction(scores.get(category.id)!, category.thresholds));
  return mostSevereAction([policy.defaultAction, ...actions]);
}

import { ModerationError } from '../../engine/errors/moderation-error';
import { CategoryPolicy, CategoryThresholds, Policy } from '../../engine/policy/policy.types';
import { scoreRange } from '../../engine/policy/score-range';
import { categoryLabelledScores } from '../evaluation/category-scores';
import { EvaluationResult } from '../evaluation/evaluation-result';
import { LabelledScores } from '../metrics/labelled-scores';
import { operatingPoints } from '../metrics/operating-points';
import { metricsAtThreshold } from '../metrics/threshold-metrics';
import { actionsFromScores } from '../replay/actions-from-scores';
import { DecisionHistory } from '../replay/collect-decision-history';
import { TransitionTally } from '../replay/transition-tally';
import { thresholdForLabelledTarget } from './labelled-threshold';
import { ThresholdSuggestion } from './threshold-suggestion';
import { ThresholdTarget, describeTarget } from './threshold-target';
import { thresholdForVolume } from './volume-threshold';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** What {@link suggestThresholds} works from. */
export interface SuggestThresholdsInput {
  readonly policy: Policy;
  readonly targets: readonly ThresholdTarget[];
  /** Categories to suggest for; default every category of the policy. */
  readonly categories?: readonly string[];
  /** The policy evaluated on a labelled set: needed by precision, recall and FPR targets. */
  readonly evaluation?: EvaluationResult;
  /** Past decisions re-scored under the policy: needed by volume targets; adds "what would change" to every suggestion. */
  readonly history?: DecisionHistory;
}

/** Examples of each kind of change kept per suggestion. */
const EXAMPLES = 3;

/**
 * For each category and target, the threshold that meets the target, what it achieves on the
 * labelled set, how many past decisions per day it would flag, and how many past decisions would
 * change action were only that threshold moved. Thresholds stay within the scoring method's
 * range; a suggested review above the block threshold (or block below review) is reported with
 * a note, and counted as if the other threshold moved with it, since a policy needs review ≤ block.
 * Throws ModerationError ValidationFailed for unknown categories or a target without its data.
 */
export function suggestThresholds(input: SuggestThresholdsInput): ThresholdSuggestion[] {
  const categories = selectCategories(input.policy, input.categories);
  assertDataFor(input);
  const baseline = input.history ? actionsFromScores(input.policy, input.history.scores) : undefined;
  const suggestions: ThresholdSuggestion[] = [];
  for (const category of categories) {
    const set = input.evaluation ? categoryLabelledScores(input.evaluation, category.id) : undefined;
    const historyScores = input.history?.scores.scores[input.policy.categories.indexOf(category)];
    for (const target of input.targets) {
      const range = scoreRange(category.scoring);
      const current = category.thresholds[target.level];
      let suggested: number | null = null;
      let note: string | undefined;
      if (target.metric === 'volume') {
        const history = input.history!;
        if (history.days === null) {
          note = 'the stored decisions span no time, so there is no rate per day; give --since and --until';
        } else {
          const allowed = Math.floor(target.value * history.days);
          const ceiling = target.level === 'review' ? category.thresholds.block : Infinity;
          const found = thresholdForVolume(historyScores!, allowed, range, ceiling);
          suggested = found.threshold;
          if (found.count > allowed) note = `even above every score, ${found.count} decisions would be flagged (more than ${allowed})`;
        }
      } else if (set!.scores.length === 0) {
        note = 'no example of the set is labelled for this category';
      } else {
        const found = thresholdForLabelledTarget(set!, target.metric, target.value, range);
        suggested = found?.threshold ?? null;
        if (!found) note = unreachableNote(set!, target);
      }
      const reached = suggested !== null && note === undefined;
      const thresholds = suggested === null ? undefined : movedThresholds(category.thresholds, target.level, suggested);
      if (thresholds && thresholds[otherLevel(target.level)] !== category.thresholds[otherLevel(target.level)]) {
        note = `${target.level} ${suggested} is ${target.level === 'review' ? 'above the block' : 'below the review'} threshold ${category.thresholds[otherLevel(target.level)]}; move that one to ${suggested} too`;
      }
      if (category.shadow && input.history) note = [note, 'shadow category: no enforced action changes until shadow is turned off'].filter(Boolean).join('; ');
      suggestions.push({
        categoryId: category.id,
        level: target.level,
        target,
        current,
        suggested,
        reached,
        ...(note === undefined ? {} : { note }),
        ...(set ? { labelled: { current: metricsAtThreshold(set, current), suggested: suggested === null ? null : metricsAtThreshold(set, suggested) } } : {}),
        ...(input.history && historyScores
          ? {
              volume: {
                days: input.history.days,
                decisions: input.history.scores.count,
                currentPerDay: perDay(flaggedCount(historyScores, target.level, category.thresholds), input.history.days),
                suggestedPerDay: thresholds ? perDay(flaggedCount(historyScores, target.level, thresholds), input.history.days) : null,
              },
              pastDecisions: changedDecisions(input.policy, category.id, thresholds, input.history, baseline!.overall),
            }
          : {}),
      });
    }
  }
  return suggestions;
}

function selectCategories(policy: Policy, ids: readonly string[] | undefined): CategoryPolicy[] {
  if (ids === undefined || ids.length === 0) return [...policy.categories];
  const unknown = ids.filter((id) => !policy.categories.some((category) => category.id === id));
  if (unknown.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Policy ${policy.id} has no categories ${unknown.join(', ')}`, {
      errors: unknown.map((id) => ({ field: 'category', reasons: [`${id} is not a category of ${policy.id}`] })),
    });
  }
  return policy.categories.filter((category) => ids.includes(category.id));
}

function assertDataFor(input: SuggestThresholdsInput): void {
  const problems: Array<{ key: string; reason: string }> = [];
  for (const target of input.targets) {
    if (target.metric === 'volume' && !input.history) problems.push({ key: 'target', reason: `${describeTarget(target)} needs stored decisions` });
    if (target.metric !== 'volume' && !input.evaluation) problems.push({ key: 'target', reason: `${describeTarget(target)} needs a labelled set` });
  }
  if (input.evaluation && input.evaluation.policy.id !== input.policy.id) {
    problems.push({ key: 'evaluation', reason: `is of policy ${input.evaluation.policy.id}, not ${input.policy.id}` });
  }
  if (input.targets.length === 0) problems.push({ key: 'target', reason: 'give at least one target' });
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Cannot suggest thresholds: ${problems.map((p) => `${p.key} ${p.reason}`).join('; ')}`, {
      errors: problems.map((problem) => ({ field: problem.key, reasons: [problem.reason] })),
    });
  }
}

function unreachableNote(set: LabelledScores, target: ThresholdTarget): string {
  if (set.positives === 0) return 'no example is labelled positive for this category';
  if (target.metric === 'precision') {
    const best = Math.max(...operatingPoints(set).map((point) => point.tp / (point.tp + point.fp)));
    return `no threshold reaches precision ${target.value} on this set (best ${best.toFixed(3)})`;
  }
  return `no threshold meets ${describeTarget(target)} on this set`;
}

function otherLevel(level: 'review' | 'block'): 'review' | 'block' {
  return level === 'review' ? 'block' : 'review';
}

/** The category's thresholds with one moved, and the other dragged along when they would cross. */
function movedThresholds(thresholds: CategoryThresholds, level: 'review' | 'block', value: number): CategoryThresholds {
  if (level === 'review') return { review: value, block: Math.max(thresholds.block, value) };
  return { review: Math.min(thresholds.review, value), block: value };
}

/** Decisions the category alone sends to review (score in [review, block)) or to block. */
function flaggedCount(scores: Float64Array, level: 'review' | 'block', thresholds: CategoryThresholds): number {
  let count = 0;
  for (const score of scores) if (level === 'block' ? score >= thresholds.block : score >= thresholds.review && score < thresholds.block) count++;
  return count;
}

function perDay(count: number, days: number | null): number | null {
  return days === null ? null : count / days;
}

function changedDecisions(
  policy: Policy,
  categoryId: string,
  thresholds: CategoryThresholds | undefined,
  history: DecisionHistory,
  before: Uint8Array,
): ThresholdSuggestion['pastDecisions'] {
  const tally = new TransitionTally(EXAMPLES);
  if (thresholds) {
    const moved = { ...policy, categories: policy.categories.map((category) => (category.id === categoryId ? { ...category, thresholds } : category)) };
    const after = actionsFromScores(moved, history.scores).overall;
    for (let index = 0; index < history.scores.count; index++) tally.add(before[index]!, after[index]!, history.ids[index]!, undefined);
  }
  return { total: history.scores.count, changed: tally.changed, transitions: tally.transitions().map(({ labelled: _labelled, ...rest }) => rest) };
}

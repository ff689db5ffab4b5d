import { ModerationError } from '../../engine/errors/moderation-error';
import { CategoryPolicy, CategoryThresholds, Policy } from '../../engine/policy/policy.types';
import { categoryLabelledScores } from '../evaluation/category-scores';
import { EvaluationResult } from '../evaluation/evaluation-result';
import { metricsAtThreshold } from '../metrics/threshold-metrics';
import { actionsFromScores } from '../replay/actions-from-scores';
import { DecisionHistory } from '../replay/collect-decision-history';
import { TransitionTally } from '../replay/transition-tally';
import { historyWarnings, rateDays } from './data-warnings';
import { FoundThreshold, findThreshold } from './find-threshold';
import { withdrawConflictingTargets } from './order-conflicts';
import { SuggestionMinimums, suggestionMinimums } from './suggestion-minimums';
import { ThresholdSuggestion } from './threshold-suggestion';
import { ThresholdTarget, describeTarget } from './threshold-target';
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
  /** How much data a suggestion needs before it is offered without a warning; defaults `DEFAULT_SUGGESTION_MINIMUMS`. */
  readonly minimums?: Partial<SuggestionMinimums>;
}

/** Examples of each kind of change kept per suggestion. */
const EXAMPLES = 3;

/**
 * For each category and target, the threshold that meets the target, what it achieves on the
 * labelled set, how many past decisions per day it would flag, and how many past decisions would
 * change action were only that threshold moved. Every suggestion stays within the scoring
 * method's range and carries `warnings` (stable codes, see `SuggestionWarningCode`): targets
 * of the run that need review above block are both withdrawn (TARGETS_CONFLICT); one that crosses
 * the policy's other threshold says that one must move too, and is counted as if it did; too few
 * labels or decisions, or a window too short for a rate per day, are named with their counts.
 * Throws ModerationError ValidationFailed for unknown categories, a target without its data or
 * invalid minimums.
 */
export function suggestThresholds(input: SuggestThresholdsInput): ThresholdSuggestion[] {
  const categories = selectCategories(input.policy, input.categories);
  assertDataFor(input);
  const minimums = suggestionMinimums(input.minimums);
  const history = input.history;
  const days = history ? rateDays(history, minimums) : null;
  const fromHistory = history ? historyWarnings(history, minimums) : [];
  const found = categories.flatMap((category) => {
    const set = input.evaluation ? categoryLabelledScores(input.evaluation, category.id) : undefined;
    const historyScores = history?.scores.scores[input.policy.categories.indexOf(category)];
    return input.targets.map((target) => findThreshold(category, target, { set, historyScores, rateDays: days, historyWarnings: fromHistory, minimums }));
  });
  const baseline = history ? actionsFromScores(input.policy, history.scores).overall : undefined;
  return withdrawConflictingTargets(found).map((entry) => describe(input.policy, entry, history && baseline ? { history, baseline, days } : undefined));
}

/** A found threshold as a suggestion: the metrics, rates and changes it brings. */
function describe(policy: Policy, entry: FoundThreshold, past: { history: DecisionHistory; baseline: Uint8Array; days: number | null } | undefined): ThresholdSuggestion {
  const { category, target, set, suggested } = entry;
  const current = category.thresholds[target.level];
  const warnings = [...entry.warnings];
  const thresholds = suggested === null ? undefined : movedThresholds(category.thresholds, target.level, suggested);
  const other = otherLevel(target.level);
  if (thresholds && thresholds[other] !== category.thresholds[other]) {
    const side = target.level === 'review' ? 'above the block' : 'below the review';
    warnings.push({ code: 'MOVES_OTHER_THRESHOLD', message: `${target.level} ${suggested} is ${side} threshold ${category.thresholds[other]}; move that one to ${suggested} too` });
  }
  if (category.shadow && past) warnings.push({ code: 'SHADOW_CATEGORY', message: 'shadow category: no enforced action changes until shadow is turned off' });
  const historyScores = past?.history.scores.scores[policy.categories.indexOf(category)];
  return {
    categoryId: category.id,
    level: target.level,
    target,
    current,
    suggested,
    reached: entry.reached,
    ...(entry.alone === undefined ? {} : { alone: entry.alone }),
    warnings,
    ...(warnings.length === 0 ? {} : { note: warnings.map((warning) => warning.message).join('; ') }),
    ...(set
      ? { labelled: { positives: set.positives, negatives: set.negatives, current: metricsAtThreshold(set, current), suggested: suggested === null ? null : metricsAtThreshold(set, suggested) } }
      : {}),
    ...(past && historyScores
      ? {
          volume: {
            days: past.days,
            decisions: past.history.scores.count,
            currentPerDay: perDay(flaggedCount(historyScores, target.level, category.thresholds), past.days),
            suggestedPerDay: thresholds ? perDay(flaggedCount(historyScores, target.level, thresholds), past.days) : null,
          },
          pastDecisions: changedDecisions(policy, category.id, thresholds, past.history, past.baseline),
        }
      : {}),
  };
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

import { CategoryPolicy } from '../../engine/policy/policy.types';
import { scoreRange } from '../../engine/policy/score-range';
import { LabelledScores } from '../metrics/labelled-scores';
import { operatingPoints } from '../metrics/operating-points';
import { formatNumber } from '../report/format-number';
import { labelledDataWarnings } from './data-warnings';
import { thresholdForLabelledTarget } from './labelled-threshold';
import { SuggestionMinimums } from './suggestion-minimums';
import { SuggestionWarning } from './suggestion-warning';
import { ThresholdTarget, describeTarget } from './threshold-target';
import { thresholdForVolume } from './volume-threshold';

/** One target's threshold for one category, before the run's targets are checked against each other. */
export interface FoundThreshold {
  readonly category: CategoryPolicy;
  readonly target: ThresholdTarget;
  /** The category's labelled scores, when a labelled set was given. */
  readonly set?: LabelledScores;
  readonly suggested: number | null;
  readonly reached: boolean;
  readonly warnings: readonly SuggestionWarning[];
  /** Only when the run's targets conflict: what this target alone would need (`suggested` is then null). */
  readonly alone?: number;
}

/** What one category's thresholds are found from. */
export interface FindThresholdData {
  readonly set?: LabelledScores;
  /** The category's scores on the stored decisions, when they were read. */
  readonly historyScores?: Float64Array;
  /** Days a rate per day is counted over; null when the window is too short for one. */
  readonly rateDays: number | null;
  /** What is wrong with the stored decisions as a base for rates (volume targets repeat it). */
  readonly historyWarnings: readonly SuggestionWarning[];
  readonly minimums: SuggestionMinimums;
}

/** The threshold that meets `target` for `category` on its own, with what weakens it. */
export function findThreshold(category: CategoryPolicy, target: ThresholdTarget, data: FindThresholdData): FoundThreshold {
  const base = { category, target, ...(data.set ? { set: data.set } : {}) };
  return { ...base, ...(target.metric === 'volume' ? forVolume(category, target, data) : forLabels(category, target, data)) };
}

type Outcome = Pick<FoundThreshold, 'suggested' | 'reached' | 'warnings'>;

function forVolume(category: CategoryPolicy, target: ThresholdTarget, data: FindThresholdData): Outcome {
  const warnings = [...data.historyWarnings];
  const scores = data.historyScores ?? new Float64Array(0);
  if (data.rateDays === null) return { suggested: null, reached: false, warnings };
  const allowed = Math.floor(target.value * data.rateDays);
  // Blocked images never reach review: a review volume counts only what scores under block.
  const ceiling = target.level === 'review' ? category.thresholds.block : Infinity;
  const reachable = scores.filter((score) => score < ceiling).length;
  if (reachable <= allowed) {
    const current = category.thresholds[target.level];
    const which = target.level === 'review' ? ' under the block threshold' : '';
    warnings.push({
      code: 'VOLUME_ABOVE_TRAFFIC',
      message: `the window holds ${reachable} decision(s)${which} (${formatNumber(reachable / data.rateDays, 1)} a day), fewer than the ${target.value} a day asked for: every threshold meets the target, so the current ${current} stays; choose it by precision or recall instead`,
    });
    return { suggested: current, reached: true, warnings };
  }
  const found = thresholdForVolume(scores, allowed, scoreRange(category.scoring), ceiling);
  if (found.count <= allowed) return { suggested: found.threshold, reached: true, warnings };
  warnings.push({ code: 'TARGET_UNREACHABLE', message: `even above every score, ${found.count} decisions would be flagged (more than ${allowed})` });
  return { suggested: found.threshold, reached: false, warnings };
}

function forLabels(category: CategoryPolicy, target: ThresholdTarget, data: FindThresholdData): Outcome {
  const set = data.set!;
  if (set.scores.length === 0) return { suggested: null, reached: false, warnings: [{ code: 'NO_LABELLED_EXAMPLES', message: 'no example of the set is labelled for this category' }] };
  const metric = target.metric as Exclude<ThresholdTarget['metric'], 'volume'>;
  const warnings = labelledDataWarnings(set, metric, data.minimums);
  const found = thresholdForLabelledTarget(set, metric, target.value, scoreRange(category.scoring));
  if (!found) {
    // With no positive at all the unreachable target says it; a count of 0 "too few" adds nothing.
    const kept = set.positives === 0 ? warnings.filter((warning) => warning.code !== 'TOO_FEW_POSITIVES') : warnings;
    return { suggested: null, reached: false, warnings: [...kept, { code: 'TARGET_UNREACHABLE', message: unreachableMessage(set, target) }] };
  }
  const lowest = set.scores.reduce((least, score) => Math.min(least, score), Infinity);
  if (found.threshold <= lowest) {
    warnings.push({
      code: 'FLAGS_EVERY_EXAMPLE',
      message: `${found.threshold} flags every labelled example (the lowest score is ${formatNumber(lowest)}): on these data only flagging everything meets ${describeTarget(target)}`,
    });
  }
  return { suggested: found.threshold, reached: true, warnings };
}

function unreachableMessage(set: LabelledScores, target: ThresholdTarget): string {
  if (set.positives === 0) return 'no example is labelled positive for this category';
  if (target.metric === 'precision') {
    const best = Math.max(...operatingPoints(set).map((point) => point.tp / (point.tp + point.fp)));
    return `no threshold reaches precision ${target.value} on this set (best ${best.toFixed(3)})`;
  }
  return `no threshold meets ${describeTarget(target)} on this set`;
}

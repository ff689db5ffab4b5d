import { LabelledScores } from '../metrics/labelled-scores';
import { DecisionHistory } from '../replay/collect-decision-history';
import { formatDuration } from './format-duration';
import { SuggestionMinimums } from './suggestion-minimums';
import { SuggestionWarning } from './suggestion-warning';
import { TargetMetric } from './threshold-target';

const HOUR_MS = 3_600_000;
const TARGET_NAME: Readonly<Record<Exclude<TargetMetric, 'volume'>, string>> = { precision: 'a precision target', recall: 'a recall target', fpr: 'an FPR target' };

/** The days a rate per day may be counted over: the history's, when they cover the minimum window; else null (no rate). */
export function rateDays(history: DecisionHistory, minimums: SuggestionMinimums): number | null {
  const window = history.rateWindow;
  if (window === null) return null;
  return Date.parse(window.to) - Date.parse(window.from) >= minimums.windowHours * HOUR_MS ? window.days : null;
}

/** What is wrong with stored decisions as a base for rates per day: a window too short, too few decisions. */
export function historyWarnings(history: DecisionHistory, minimums: SuggestionMinimums): SuggestionWarning[] {
  const warnings: SuggestionWarning[] = [];
  if (rateDays(history, minimums) === null) warnings.push({ code: 'WINDOW_TOO_SHORT', message: shortWindowMessage(history, minimums) });
  if (history.scores.count < minimums.decisions) {
    warnings.push({
      code: 'TOO_FEW_DECISIONS',
      message: `${history.scores.count} stored decision(s) in the window, fewer than the ${minimums.decisions} a rate per day needs to mean much`,
    });
  }
  return warnings;
}

/**
 * Too few labels for a labelled target: precision needs positives and negatives, recall
 * positives, FPR negatives.
 */
export function labelledDataWarnings(set: LabelledScores, metric: Exclude<TargetMetric, 'volume'>, minimums: SuggestionMinimums): SuggestionWarning[] {
  const warnings: SuggestionWarning[] = [];
  if (metric !== 'fpr' && set.positives < minimums.positives) {
    warnings.push({ code: 'TOO_FEW_POSITIVES', message: `${set.positives} example(s) labelled positive, fewer than the ${minimums.positives} ${TARGET_NAME[metric]} needs: a few more labels could move it far` });
  }
  if (metric !== 'recall' && set.negatives < minimums.negatives) {
    warnings.push({ code: 'TOO_FEW_NEGATIVES', message: `${set.negatives} example(s) labelled negative, fewer than the ${minimums.negatives} ${TARGET_NAME[metric]} needs: a few more labels could move it far` });
  }
  return warnings;
}

function shortWindowMessage(history: DecisionHistory, minimums: SuggestionMinimums): string {
  const window = history.rateWindow;
  const least = `rates per day need at least ${formatDuration(minimums.windowHours * HOUR_MS)} of traffic`;
  if (history.scores.count === 0 && window === null) return `no stored decision in the window, so no rate per day`;
  if (window === null) return `${least}, and the stored decisions span no time: no rate per day is given; ask for a window (since, until)`;
  const span = formatDuration(Date.parse(window.to) - Date.parse(window.from));
  const basis = window.basis === 'decisions' ? 'first to last decision' : 'the window asked for';
  return `${least}, and ${window.from} to ${window.to} (${basis}) is ${span}: no rate per day is given; ask for a longer window (since, until)`;
}

import { formatNumber } from '../tuning/report/format-number';
import { formatDuration } from '../tuning/suggest/format-duration';
import { HistorySummary } from '../tuning/suggest/history-summary';
import { SuggestionWarning } from '../tuning/suggest/suggestion-warning';
import { ThresholdSuggestion } from '../tuning/suggest/threshold-suggestion';
import { describeTarget } from '../tuning/suggest/threshold-target';
import { textTable } from './text-table';

/** What the suggestions were counted on: stated under the table. */
export interface SuggestionContext {
  readonly history: HistorySummary | null;
  /** About the data as a whole (a window too short for rates, too few decisions). */
  readonly warnings: readonly SuggestionWarning[];
}

/** Suggestions for people: a table, the window of the stored decisions, then every warning with its code. */
export function formatSuggestions(suggestions: readonly ThresholdSuggestion[], context: SuggestionContext = { history: null, warnings: [] }): string[] {
  const withVolume = suggestions.some((suggestion) => suggestion.volume);
  const withLabels = suggestions.some((suggestion) => suggestion.labelled);
  const header = ['category', 'target', 'current', 'suggested', 'reached'];
  if (withLabels) header.push('pos/neg', 'prec', 'recall', 'FPR');
  if (withVolume) header.push('per day now', 'per day then', 'past decisions changed');
  const rows = suggestions.map((suggestion) => {
    const row = [suggestion.categoryId, describeTarget(suggestion.target), String(suggestion.current), suggestedText(suggestion), suggestion.reached ? 'yes' : 'no'];
    if (withLabels) {
      const labelled = suggestion.labelled;
      const metrics = labelled?.suggested;
      row.push(labelled ? `${labelled.positives}/${labelled.negatives}` : '–', formatNumber(metrics?.precision), formatNumber(metrics?.recall), formatNumber(metrics?.fpr));
    }
    if (withVolume) {
      row.push(formatNumber(suggestion.volume?.currentPerDay, 1), formatNumber(suggestion.volume?.suggestedPerDay, 1));
      const past = suggestion.pastDecisions;
      row.push(past ? `${past.changed} of ${past.total}${past.transitions.length > 0 ? ` (${past.transitions.map((t) => `${t.from}→${t.to} ${t.count}`).join(', ')})` : ''}` : '–');
    }
    return row;
  });
  // A volume suggestion repeats the warnings about the data as a whole; people read them once.
  const general = new Set(context.warnings.map((warning) => warning.message));
  const notes = [
    ...context.warnings.map((warning) => `  [${warning.code}] ${warning.message}`),
    ...suggestions.flatMap((suggestion) =>
      suggestion.warnings.filter((warning) => !general.has(warning.message)).map((warning) => `  ${suggestion.categoryId} ${describeTarget(suggestion.target)}: [${warning.code}] ${warning.message}`),
    ),
  ];
  const noRate = context.warnings.some((warning) => warning.code === 'WINDOW_TOO_SHORT');
  return [...textTable([header, ...rows]), ...windowLines(context.history, noRate), ...(notes.length > 0 ? ['', 'Notes:', ...notes] : [])];
}

function suggestedText(suggestion: ThresholdSuggestion): string {
  if (suggestion.suggested !== null) return String(suggestion.suggested);
  return suggestion.alone === undefined ? '–' : `– (alone ${suggestion.alone})`;
}

function windowLines(history: HistorySummary | null, noRate: boolean): string[] {
  if (history === null) return [];
  const window = history.rateWindow;
  if (window === null) return ['', `${history.decisions} stored decision(s), spanning no time.`];
  const basis = window.basis === 'requested' ? 'the window asked for' : 'first to last decision: give --since for a window of your own';
  const span = formatDuration(Date.parse(window.to) - Date.parse(window.from));
  const rates = noRate ? 'too short for a rate per day' : 'rates per day are counted over that window';
  return ['', `${history.decisions} stored decision(s) over ${window.from} to ${window.to} (${span}, ${basis}); ${rates}.`];
}

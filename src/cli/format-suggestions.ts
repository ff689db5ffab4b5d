import { formatNumber } from '../tuning/report/format-number';
import { ThresholdSuggestion } from '../tuning/suggest/threshold-suggestion';
import { describeTarget } from '../tuning/suggest/threshold-target';
import { textTable } from './text-table';

/** Suggestions for people: a table, then the notes. */
export function formatSuggestions(suggestions: readonly ThresholdSuggestion[]): string[] {
  const withVolume = suggestions.some((suggestion) => suggestion.volume);
  const withLabels = suggestions.some((suggestion) => suggestion.labelled);
  const header = ['category', 'target', 'current', 'suggested', 'reached'];
  if (withLabels) header.push('prec', 'recall', 'FPR');
  if (withVolume) header.push('per day now', 'per day then', 'past decisions changed');
  const rows = suggestions.map((suggestion) => {
    const row = [suggestion.categoryId, describeTarget(suggestion.target), String(suggestion.current), suggestion.suggested === null ? '–' : String(suggestion.suggested), suggestion.reached ? 'yes' : 'no'];
    if (withLabels) {
      const metrics = suggestion.labelled?.suggested;
      row.push(formatNumber(metrics?.precision), formatNumber(metrics?.recall), formatNumber(metrics?.fpr));
    }
    if (withVolume) {
      row.push(formatNumber(suggestion.volume?.currentPerDay, 1), formatNumber(suggestion.volume?.suggestedPerDay, 1));
      const past = suggestion.pastDecisions;
      row.push(past ? `${past.changed} of ${past.total}${past.transitions.length > 0 ? ` (${past.transitions.map((t) => `${t.from}→${t.to} ${t.count}`).join(', ')})` : ''}` : '–');
    }
    return row;
  });
  const notes = suggestions.filter((suggestion) => suggestion.note).map((suggestion) => `  ${suggestion.categoryId} ${describeTarget(suggestion.target)}: ${suggestion.note}`);
  return [...textTable([header, ...rows]), ...(notes.length > 0 ? ['', 'Notes:', ...notes] : [])];
}

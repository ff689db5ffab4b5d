import { EvaluationReport } from '../tuning/evaluation/evaluation-report';
import { formatLintWarning } from '../tuning/lint/policy-lint-warning';
import { formatNumber } from '../tuning/report/format-number';
import { textTable } from './text-table';

/** An evaluation for people: one line of context, a table of categories, then failures and lint warnings. */
export function formatEvaluation(report: EvaluationReport): string[] {
  const { evaluation } = report;
  const source =
    report.set.kind === 'reviewed'
      ? `${evaluation.examples.length} ${report.set.source}; model ${evaluation.model.hash.slice(0, 19)}…; embeddings from the decision log` +
        ((report.set.skipped?.otherModels ?? 0) > 0 ? ` (${report.set.skipped!.otherModels} made with another model left out)` : '')
      : `${evaluation.examples.length} labelled images from ${report.set.source}; ` +
        `model ${evaluation.model.hash.slice(0, 19)}…; embeddings ${report.embeddings.computed} computed, ${report.embeddings.cached} cached`;
  const lines = [
    `Policy ${evaluation.policy.id} (${evaluation.policy.version}) on ${source}`,
    '',
    ...textTable([
      ['category', 'pos', 'neg', 'AP', 'ROC-AUC', '|', 'review', 'prec', 'recall', 'F1', 'FPR', 'TP/FP/FN/TN', '|', 'block', 'prec', 'recall', 'F1', 'FPR', 'TP/FP/FN/TN'],
      ...evaluation.categories.map((category) => [
        `${category.id}${category.shadow ? ' (shadow)' : ''}`,
        String(category.positives),
        String(category.negatives),
        formatNumber(category.averagePrecision),
        formatNumber(category.rocAuc),
        ...[category.atReview, category.atBlock].flatMap((metrics) => [
          '|',
          String(metrics.threshold),
          formatNumber(metrics.precision),
          formatNumber(metrics.recall),
          formatNumber(metrics.f1),
          formatNumber(metrics.fpr),
          `${metrics.tp}/${metrics.fp}/${metrics.fn}/${metrics.tn}`,
        ]),
      ]),
    ]),
  ];
  if (report.failures.length > 0) {
    lines.push('', `${report.failures.length} image(s) could not be scored:`, ...report.failures.map((failure) => `  ${failure.id}: ${failure.code}: ${failure.message}`));
  }
  if (report.lint.length > 0) lines.push('', `Policy lint, ${report.lint.length} warning(s):`, ...report.lint.map((warning) => `  ${formatLintWarning(warning)}`));
  lines.push('', report.notice);
  return lines;
}

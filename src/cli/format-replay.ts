import { ActionTransition, ReplayReport } from '../tuning/replay/replay-report';
import { formatNumber } from '../tuning/report/format-number';

/** A replay for people: totals, the changes to the enforced action with examples, then each category's changes. */
export function formatReplay(report: ReplayReport, skippedOtherModels: number): string[] {
  const baseline = report.policy.baseline === 'stored' ? 'the actions recorded at the time' : `policy version ${report.policy.baseline.version} re-scored`;
  const lines = [
    `Replayed ${report.decisions} decisions of policy ${report.policy.id}${report.firstDecidedAt ? ` from ${report.firstDecidedAt} to ${report.lastDecidedAt}` : ''} ` +
      `under candidate ${report.policy.candidateVersion}, against ${baseline}, in ${report.timings.totalMs} ms (scoring ${report.timings.scoringMs} ms).`,
  ];
  if (skippedOtherModels > 0) lines.push(`${skippedOtherModels} decisions made with another model were left out (their embeddings do not fit this model's prompts).`);
  const { before, after } = report.overall;
  lines.push(
    '',
    `Enforced action: ${report.overall.changed} of ${report.decisions} would change.`,
    `  before: allow ${before.allow}, review ${before.review}, block ${before.block}`,
    `  after:  allow ${after.allow}, review ${after.review}, block ${after.block}`,
    ...report.overall.transitions.map(transitionLine),
  );
  for (const category of report.categories) {
    const presence = category.presence === 'both' ? '' : category.presence === 'added' ? ' (new in the candidate)' : ' (not in the candidate)';
    lines.push('', `${category.id}${presence}: ${category.changed} changed`, ...category.transitions.map(transitionLine));
    if (category.labelled) {
      const { count, before: was, after: now } = category.labelled;
      lines.push(
        `  on ${count} labelled decisions: precision ${formatNumber(was.precision)} → ${formatNumber(now.precision)}, recall ${formatNumber(was.recall)} → ${formatNumber(now.recall)}, ` +
          `false positives ${was.fp} → ${now.fp}, missed ${was.fn} → ${now.fn}`,
      );
    }
  }
  return lines;
}

/** One kind of change with its count, reviewers' labels and example ids. */
export function transitionLine(transition: ActionTransition): string {
  const labelled = transition.labelled ? ` [labelled: ${transition.labelled.violating} violating, ${transition.labelled.clean} clean]` : '';
  return `  ${transition.from} → ${transition.to}: ${transition.count}${labelled}  e.g. ${transition.exampleIds.join(', ')}`;
}

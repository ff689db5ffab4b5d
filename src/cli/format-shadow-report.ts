import { formatNumber } from '../tuning/report/format-number';
import { ShadowReport } from '../tuning/shadow/shadow-report';
import { transitionLine } from './format-replay';

/** A shadow report for people: agreement, actions on both sides, the changes with examples, then per category. */
export function formatShadowReport(report: ShadowReport): string[] {
  const window = `${report.window.since ? `since ${report.window.since}` : 'all time'}${report.window.until ? ` until ${report.window.until}` : ''}`;
  const lines = [
    `Shadow version ${report.shadowVersion} of policy ${report.policyId} against the enforced decisions (${window})` +
      (report.activeVersions.length > 0 ? `, enforced by ${report.activeVersions.join(', ')}` : '') +
      '.',
  ];
  if (report.pairs === 0) return [...lines, 'No decision was made in shadow in this window: nothing to compare yet.'];
  const { before, after } = report.overall;
  lines.push(
    `${report.pairs} decisions compared, from ${report.firstDecidedAt} to ${report.lastDecidedAt}: ${report.agreement.same} same action, ` +
      `${report.pairs - report.agreement.same} different (agreement ${formatNumber(report.agreement.rate)}).`,
    `  enforced: allow ${before.allow}, review ${before.review}, block ${before.block}`,
    `  shadow:   allow ${after.allow}, review ${after.review}, block ${after.block}`,
    ...report.overall.transitions.map(transitionLine),
  );
  const unchanged = report.categories.filter((category) => category.changed === 0 && category.presence === 'both').map((category) => category.id);
  for (const category of report.categories) {
    if (unchanged.includes(category.id)) continue;
    const presence = category.presence === 'both' ? '' : category.presence === 'added' ? ' (only in the shadow version)' : ' (only in the enforced version)';
    lines.push('', `${category.id}${presence}: ${category.changed} changed`, ...category.transitions.map(transitionLine));
    if (category.labelled) {
      const { count, before: was, after: now } = category.labelled;
      lines.push(`  on ${count} labelled decisions: precision ${formatNumber(was.precision)} → ${formatNumber(now.precision)}, recall ${formatNumber(was.recall)} → ${formatNumber(now.recall)}`);
    }
  }
  if (unchanged.length > 0) lines.push('', `Unchanged: ${unchanged.join(', ')}`);
  lines.push('', 'Example ids are the enforced decisions; before is what was enforced, after what the shadow version decided.');
  return lines;
}

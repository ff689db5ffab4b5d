import { escapeHtml } from '../../../tuning/report/html-escape';
import { REPORT_STYLES } from '../../../tuning/report/report-styles';
import { POLICY_ORIGIN_LABELS } from '../versions/policy-origin';
import { PolicyVersionHistory, PolicyVersionSummary } from '../versions/policy-version-history';
import { PolicyReport } from './policy-report';
import { policyDiffSection } from './render-policy-diff';
import { shadowSection } from './render-shadow-comparison';

/**
 * A policy's versions as one self-contained HTML page: the history, what changes between two
 * versions, and the shadow report. Like the evaluation report it holds no script, loads nothing and
 * uses only the shared report stylesheet, so the review console can show it under its own CSP.
 * Everything that comes from a policy or the database is escaped.
 */
export function renderPolicyReport(report: PolicyReport, since: string | null = null): string {
  const { history } = report;
  const title = `Policy ${history.policyId}: versions, diff and shadow report`;
  const tags = versionTags(history);
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Active version <code>${escapeHtml(history.activeVersion)}</code>` +
      (history.shadowVersion ? ` · in shadow <code>${escapeHtml(history.shadowVersion)}</code>` : ' · no version in shadow') +
      ` · ${history.versions.length} version${history.versions.length === 1 ? '' : 's'} recorded · made ${escapeHtml(report.generatedAt)}</p>`,
    `<p class="meta"><a href="#history">History</a> · <a href="#diff">What changed</a> · <a href="#shadow">Shadow report</a></p>`,
    historySection(history),
    policyDiffSection(report.diff, report.compared, tags),
    shadowSection(report.shadow, since),
    `<footer>Other versions can be compared with the query <code>?from=&lt;version&gt;&amp;to=&lt;version&gt;</code>, and the shadow window chosen with <code>?since=</code> (ISO-8601 or a duration ago such as 30d; default 7d). ` +
      `The same data as JSON: GET /v1/policies/{id}/versions, /versions/diff and /shadow-report; on the command line: moderate policy versions, diff and shadow-report.</footer>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_STYLES}</style></head>
<body><main>${body.join('\n')}</main></body></html>
`;
}

/** The "active" and "shadow" tags after a version, wherever it is named. */
function versionTags(history: PolicyVersionHistory): (version: string) => string {
  return (version) =>
    (version === history.activeVersion ? ' <span class="tag active">active</span>' : '') + (version === history.shadowVersion ? ' <span class="tag shadow">shadow</span>' : '');
}

function historySection(history: PolicyVersionHistory): string {
  if (history.versions.length === 0) {
    return `<section id="history"><h2>History</h2><p class="empty-list">No version is recorded yet: the server records the policy file when it starts.</p></section>`;
  }
  const tags = versionTags(history);
  const rows = history.versions.map(
    (entry: PolicyVersionSummary) =>
      `<tr><td><code>${escapeHtml(entry.version)}</code>${tags(entry.version)}</td><td>${escapeHtml(POLICY_ORIGIN_LABELS[entry.origin] ?? entry.origin)}${
        entry.sourceFile ? `<br><span class="id">${escapeHtml(entry.sourceFile)}</span>` : ''
      }</td><td>${escapeHtml(entry.firstSeenAt)}</td><td>${escapeHtml(entry.categories.join(', '))}</td><td>${escapeHtml(entry.description)}</td></tr>`,
  );
  return `<section id="history"><h2>History</h2><p class="meta">Newest first. Only the active version acts; the version in shadow is scored and logged beside it.</p>
<table id="versions" class="words"><thead><tr><th>Version</th><th>Origin</th><th>First recorded</th><th>Categories</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

import { MODERATION_ACTIONS } from '../../../engine/policy/moderation-action';
import { ActionTally, ActionTransition, CategoryReplay } from '../../../tuning/replay/replay-report';
import { formatNumber } from '../../../tuning/report/format-number';
import { escapeHtml } from '../../../tuning/report/html-escape';
import { ShadowReport } from '../../../tuning/shadow/shadow-report';

/**
 * The shadow section: how often the shadow version agreed with what was enforced, the actions on
 * both sides, every kind of disagreement with example decisions, and the same per category.
 */
export function shadowSection(report: ShadowReport | null, since: string | null): string {
  if (report === null) {
    return `<section id="shadow"><h2>Shadow report</h2><p class="empty-list">No version runs in shadow now. Put one in shadow (<code>moderate policy shadow &lt;policy&gt; &lt;version&gt;</code>, or PUT /v1/policies/{id}/shadow) to compare it with live traffic before promoting it.</p></section>`;
  }
  const window = `${report.window.since ? `since ${escapeHtml(report.window.since)}` : 'all time'}${report.window.until ? ` until ${escapeHtml(report.window.until)}` : ''}`;
  const span = report.firstDecidedAt ? ` · decided from ${escapeHtml(report.firstDecidedAt)} to ${escapeHtml(report.lastDecidedAt ?? '')}` : '';
  const head = `<section id="shadow"><h2>Shadow report: <code>${escapeHtml(report.shadowVersion)}</code> <span class="tag shadow">shadow</span></h2>
<p class="meta">Shadow decisions ${window}${since ? ` (asked: ${escapeHtml(since)})` : ''} · enforced by ${report.activeVersions.map((version) => `<code>${escapeHtml(version)}</code>`).join(', ') || 'no version yet'}${span}</p>`;
  if (report.pairs === 0) return `${head}<p class="empty-list">No decision was made in shadow in this window: nothing to compare yet.</p></section>`;
  const different = report.pairs - report.agreement.same;
  return `${head}
<table id="shadow-agreement" class="confusion"><thead><tr><th>Decisions compared</th><th>Same action</th><th>Different action</th><th>Agreement</th></tr></thead>
<tbody><tr><td>${report.pairs}</td><td class="label-neg">${report.agreement.same}</td><td class="label-pos">${different}</td><td>${formatNumber(report.agreement.rate)}</td></tr></tbody></table>
<div class="charts">${tallyTable(report.overall.before, report.overall.after)}</div>
<h3>Where they disagree</h3>${transitionList(report.overall.transitions, 'shadow-transitions')}
<h3>Per category</h3>${categoryTable(report.categories)}
<p class="meta">Example ids are the enforced decisions (GET /v1/decisions/{id}); before is what was enforced, after what the shadow version decided.</p>
</section>`;
}

function tallyTable(before: ActionTally, after: ActionTally): string {
  const rows = MODERATION_ACTIONS.map((action) => `<tr><td>${action}</td><td>${before[action]}</td><td>${after[action]}</td></tr>`).join('');
  return `<table class="confusion"><thead><tr><th>Action</th><th>Enforced</th><th>Shadow</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function transitionList(transitions: readonly ActionTransition[], id: string): string {
  if (transitions.length === 0) return `<p class="empty-list" id="${id}">none: the shadow version took the same action every time</p>`;
  const items = transitions.map((transition) => {
    const labelled = transition.labelled ? ` <span class="meta">(reviewers: ${transition.labelled.violating} violating, ${transition.labelled.clean} clean)</span>` : '';
    const examples = transition.exampleIds.map((example) => `<code>${escapeHtml(example)}</code>`).join(', ');
    return `<li><strong>${escapeHtml(transition.from)} → ${escapeHtml(transition.to)}</strong>: ${transition.count}${labelled}${examples ? `<br><span class="id">e.g. ${examples}</span>` : ''}</li>`;
  });
  return `<ul class="changes" id="${id}">${items.join('')}</ul>`;
}

function categoryTable(categories: readonly CategoryReplay[]): string {
  const rows = categories.map((category) => {
    const presence = category.presence === 'both' ? '' : category.presence === 'added' ? ' <span class="tag">only in shadow</span>' : ' <span class="tag">only enforced</span>';
    const kinds = category.transitions.map((transition) => `${transition.from} → ${transition.to}: ${transition.count}`).join('; ') || '–';
    const labelled = category.labelled
      ? `precision ${formatNumber(category.labelled.before.precision)} → ${formatNumber(category.labelled.after.precision)}, recall ${formatNumber(category.labelled.before.recall)} → ${formatNumber(category.labelled.after.recall)} (${category.labelled.count} labelled)`
      : '–';
    const examples = category.transitions.flatMap((transition) => transition.exampleIds).slice(0, 3).map((example) => `<code>${escapeHtml(example)}</code>`).join(' ');
    return `<tr><td>${escapeHtml(category.id)}${presence}</td><td>${category.changed}</td><td>${escapeHtml(kinds)}</td><td>${labelled}</td><td class="id">${examples || '–'}</td></tr>`;
  });
  return `<table id="shadow-categories" class="words"><thead><tr><th>Category</th><th>Changed</th><th>Kinds of change</th><th>Against reviewers' labels</th><th>Examples</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

import { CategoryPolicy } from '../../../engine/policy/policy.types';
import { escapeHtml } from '../../../tuning/report/html-escape';
import { CategoryDiff, ListChange, PolicyDiff, ValueChange } from '../versions/policy-diff';
import { ComparedPair } from './policy-report';

/** What each default comparison is, for people. */
const COMPARED_TEXT: Readonly<Record<ComparedPair, string>> = {
  'active-to-shadow': 'the active version against the version in shadow: what promoting the shadow would change',
  'previous-to-active': 'the version active before against the active version: what the last change did',
  requested: 'the versions asked for',
};

/** Escaped text of a value from a policy (numbers, booleans and words as written). */
function value(entry: unknown): string {
  return escapeHtml(String(entry));
}

/** The diff section: policy fields, thresholds, then prompts and other changes per category. */
export function policyDiffSection(diff: PolicyDiff | null, compared: ComparedPair, tags: (version: string) => string): string {
  if (diff === null) {
    return `<section id="diff"><h2>What changed</h2><p class="empty-list">The policy has a single version: there is nothing to compare it with yet.</p></section>`;
  }
  const heading = `<p class="meta">From <code>${value(diff.from)}</code>${tags(diff.from)} to <code>${value(diff.to)}</code>${tags(diff.to)} · ${escapeHtml(COMPARED_TEXT[compared])}</p>`;
  if (diff.identical) return `<section id="diff"><h2>What changed</h2>${heading}<p class="empty-list">The two versions are identical.</p></section>`;
  const { added, removed, changed, unchanged } = diff.categories;
  return `<section id="diff"><h2>What changed</h2>${heading}
${policyFields(diff)}
${thresholdTable(changed)}
${changed.map(categoryChanges).join('\n')}
${wholeCategories('Categories added', 'diff-added-categories', added, 'added')}
${wholeCategories('Categories removed', 'diff-removed-categories', removed, 'removed')}
${unchanged.length > 0 ? `<p class="meta">Unchanged: ${unchanged.map((id) => `<code>${value(id)}</code>`).join(', ')}</p>` : ''}
</section>`;
}

function policyFields(diff: PolicyDiff): string {
  const rows = (
    [
      ['description', diff.description],
      ['default action', diff.defaultAction],
      ['logit scale', diff.logitScale],
    ] as ReadonlyArray<readonly [string, ValueChange<unknown> | undefined]>
  ).filter((row): row is readonly [string, ValueChange<unknown>] => row[1] !== undefined);
  if (rows.length === 0) return '';
  return `<h3>Policy</h3><table class="diff-fields"><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead><tbody>${rows
    .map(([name, change]) => `<tr><td>${name}</td><td><del class="removed">${value(change.from)}</del></td><td><ins class="added">${value(change.to)}</ins></td></tr>`)
    .join('')}</tbody></table>`;
}

/** Every threshold that moved, in one table: the change people look for first. */
function thresholdTable(changed: readonly CategoryDiff[]): string {
  const moved = changed.filter((category) => category.thresholds.review !== undefined || category.thresholds.block !== undefined);
  if (moved.length === 0) return '<h3>Thresholds</h3><p class="empty-list">No threshold of a category in both versions changed.</p>';
  const cell = (change: ValueChange<number> | undefined): string =>
    change === undefined ? '<td class="group-start">unchanged</td>' : `<td class="group-start"><del class="removed">${change.from}</del> → <ins class="added">${change.to}</ins></td>`;
  return `<h3>Thresholds</h3><table id="diff-thresholds"><thead><tr><th>Category</th><th class="group-start">Review</th><th class="group-start">Block</th></tr></thead><tbody>${moved
    .map((category) => `<tr><td>${value(category.id)}</td>${cell(category.thresholds.review)}${cell(category.thresholds.block)}</tr>`)
    .join('')}</tbody></table>`;
}

function categoryChanges(category: CategoryDiff): string {
  const lines = [
    ...listLines('prompt', category.prompts),
    ...listLines('contrast prompt', category.contrastPrompts),
    ...listLines('template', category.templates),
    ...valueLine('scoring', category.scoring),
    ...valueLine('shadow', category.shadow),
    ...valueLine('severity', category.severity),
    ...valueLine('description', category.description),
  ];
  if (lines.length === 0) return '';
  return `<div class="diff-category" id="diff-${value(category.id)}"><h3>${value(category.id)}</h3><ul class="changes">${lines.join('')}</ul></div>`;
}

function listLines(kind: string, change: ListChange): string[] {
  return [
    ...change.added.map((entry) => `<li><ins class="added">+ ${kind} “${value(entry)}”</ins></li>`),
    ...change.removed.map((entry) => `<li><del class="removed">− ${kind} “${value(entry)}”</del></li>`),
  ];
}

function valueLine(kind: string, change: ValueChange<unknown> | undefined): string[] {
  return change === undefined ? [] : [`<li>${kind}: <del class="removed">${value(change.from)}</del> → <ins class="added">${value(change.to)}</ins></li>`];
}

function wholeCategories(title: string, id: string, categories: readonly CategoryPolicy[], kind: 'added' | 'removed'): string {
  if (categories.length === 0) return '';
  const mark = (text: string): string => (kind === 'added' ? `<ins class="added">${text}</ins>` : `<del class="removed">${text}</del>`);
  const items = categories.map(
    (category) =>
      `<li>${mark(`<strong>${value(category.id)}</strong>`)} <span class="tag">${value(category.scoring)}</span>${category.shadow ? ' <span class="tag shadow">shadow</span>' : ''}` +
      ` · review ${category.thresholds.review}, block ${category.thresholds.block}` +
      ` · prompts ${category.prompts.map((prompt) => `“${value(prompt)}”`).join(', ')}` +
      (category.contrastPrompts.length > 0 ? ` · contrast ${category.contrastPrompts.map((prompt) => `“${value(prompt)}”`).join(', ')}` : '') +
      '</li>',
  );
  return `<h3>${title}</h3><ul class="changes" id="${id}">${items.join('')}</ul>`;
}

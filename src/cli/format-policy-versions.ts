import { CategoryPolicy } from '../engine/policy/policy.types';
import { CategoryDiff, ComparedPair, ListChange, POLICY_ORIGIN_LABELS, PolicyDiff, PolicyVersionHistory, ValueChange } from '../features/policies';
import { textTable } from './text-table';

/** What each default comparison is, for people. */
const COMPARED_TEXT: Readonly<Record<ComparedPair, string>> = {
  'active-to-shadow': 'the active version against the version in shadow (what promoting it would change)',
  'previous-to-active': 'the version active before against the active version (what the last change did)',
  requested: 'as asked',
};

/** A policy's versions for people: newest first, the active and the shadow one marked. */
export function formatHistory(history: PolicyVersionHistory): string[] {
  const head = `Policy ${history.policyId}: ${history.versions.length} version(s), newest first. Active ${history.activeVersion}; ${
    history.shadowVersion ? `in shadow ${history.shadowVersion}` : 'no version in shadow'
  }.`;
  if (history.versions.length === 0) return [head, 'No version is recorded yet: the server records the policy file when it starts.'];
  const rows = history.versions.map((entry) => [
    entry.version,
    entry.active ? 'active' : entry.shadow ? 'shadow' : '',
    POLICY_ORIGIN_LABELS[entry.origin] ?? entry.origin,
    entry.firstSeenAt,
    entry.categories.join(','),
  ]);
  // Left-aligned throughout: these columns are words, not numbers.
  const widths = rows.reduce((max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)), [] as number[]);
  return [head, '', ...rows.map((row) => `  ${row.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd()}`)];
}

/** A diff for people: thresholds first, then prompts and other changes per category. */
export function formatDiff(diff: PolicyDiff, compared: ComparedPair): string[] {
  const lines = [`Policy ${diff.policyId}: ${diff.from} → ${diff.to}, ${COMPARED_TEXT[compared]}.`];
  if (diff.identical) return [...lines, 'The two versions are identical.'];
  for (const [name, change] of [
    ['description', diff.description],
    ['default action', diff.defaultAction],
    ['logit scale', diff.logitScale],
  ] as ReadonlyArray<readonly [string, ValueChange<unknown> | undefined]>) {
    if (change) lines.push(`  ${name}: ${String(change.from)} → ${String(change.to)}`);
  }
  const { added, removed, changed, unchanged } = diff.categories;
  const moved = changed.filter((category) => category.thresholds.review || category.thresholds.block);
  lines.push('', 'Thresholds:');
  if (moved.length === 0) lines.push('  no threshold changed');
  else {
    const cell = (change: ValueChange<number> | undefined): string => (change ? `${change.from} → ${change.to}` : 'unchanged');
    lines.push(...textTable([['category', 'review', 'block'], ...moved.map((category) => [category.id, cell(category.thresholds.review), cell(category.thresholds.block)])]).map((line) => `  ${line}`));
  }
  for (const category of changed) {
    const details = categoryLines(category);
    if (details.length > 0) lines.push('', `${category.id}:`, ...details);
  }
  if (added.length > 0) lines.push('', 'Categories added:', ...added.map((category) => `  + ${wholeCategory(category)}`));
  if (removed.length > 0) lines.push('', 'Categories removed:', ...removed.map((category) => `  - ${wholeCategory(category)}`));
  if (unchanged.length > 0) lines.push('', `Unchanged: ${unchanged.join(', ')}`);
  return lines;
}

function categoryLines(category: CategoryDiff): string[] {
  const value = (name: string, change: ValueChange<unknown> | undefined): string[] => (change ? [`  ${name}: ${String(change.from)} → ${String(change.to)}`] : []);
  return [
    ...listLines('prompt', category.prompts),
    ...listLines('contrast prompt', category.contrastPrompts),
    ...listLines('template', category.templates),
    ...value('scoring', category.scoring),
    ...value('shadow', category.shadow),
    ...value('severity', category.severity),
    ...value('description', category.description),
  ];
}

function listLines(kind: string, change: ListChange): string[] {
  return [...change.added.map((entry) => `  + ${kind} "${entry}"`), ...change.removed.map((entry) => `  - ${kind} "${entry}"`)];
}

function wholeCategory(category: CategoryPolicy): string {
  return `${category.id} (${category.scoring}${category.shadow ? ', shadow' : ''}; review ${category.thresholds.review}, block ${category.thresholds.block}): ${category.prompts.map((prompt) => `"${prompt}"`).join(', ')}`;
}

import { CategoryPolicy, Policy } from '../../../engine/policy/policy.types';
import { CategoryDiff, ListChange, PolicyDiff, ValueChange } from './policy-diff';

/**
 * The structured difference between two versions of one policy (see {@link PolicyDiff}).
 * Categories are matched by id; prompts are compared as written (before templates).
 */
export function diffPolicies(from: Policy, to: Policy): PolicyDiff {
  const before = new Map(from.categories.map((category) => [category.id, category]));
  const after = new Map(to.categories.map((category) => [category.id, category]));
  const changed: CategoryDiff[] = [];
  const unchanged: string[] = [];
  for (const category of to.categories) {
    const earlier = before.get(category.id);
    if (!earlier) continue;
    const diff = diffCategory(earlier, category);
    if (isEmpty(diff)) unchanged.push(category.id);
    else changed.push(diff);
  }
  return {
    policyId: to.id,
    from: from.version,
    to: to.version,
    identical: from.version === to.version,
    ...change('description', from.description, to.description),
    ...change('defaultAction', from.defaultAction, to.defaultAction),
    ...change('logitScale', from.logitScale, to.logitScale),
    categories: {
      added: to.categories.filter((category) => !before.has(category.id)),
      removed: from.categories.filter((category) => !after.has(category.id)),
      changed,
      unchanged,
    },
  };
}

function diffCategory(from: CategoryPolicy, to: CategoryPolicy): CategoryDiff {
  return {
    id: to.id,
    prompts: listChange(from.prompts, to.prompts),
    contrastPrompts: listChange(from.contrastPrompts, to.contrastPrompts),
    templates: listChange(from.templates, to.templates),
    thresholds: { ...change('review', from.thresholds.review, to.thresholds.review), ...change('block', from.thresholds.block, to.thresholds.block) },
    ...change('scoring', from.scoring, to.scoring),
    ...change('shadow', from.shadow, to.shadow),
    ...change('severity', from.severity, to.severity),
    ...change('description', from.description, to.description),
  };
}

function listChange(from: readonly string[], to: readonly string[]): ListChange {
  return { added: to.filter((entry) => !from.includes(entry)), removed: from.filter((entry) => !to.includes(entry)) };
}

/** `{ [key]: { from, to } }` when the values differ, else nothing (spread into the result). */
function change<K extends string, T>(key: K, from: T, to: T): { [P in K]?: ValueChange<T> } {
  return (from === to ? {} : { [key]: { from, to } }) as { [P in K]?: ValueChange<T> };
}

function isEmpty(diff: CategoryDiff): boolean {
  const lists = [diff.prompts, diff.contrastPrompts, diff.templates].every((list) => list.added.length === 0 && list.removed.length === 0);
  return lists && Object.keys(diff.thresholds).length === 0 && Object.keys(diff).length === 5;
}

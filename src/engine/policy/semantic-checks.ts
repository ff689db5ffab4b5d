import { PROMPT_MAX_LENGTH, TEMPLATE_PLACEHOLDER } from './policy-defaults';
import { childPath, PolicyIssue } from './policy-issue';
import { isScoringMethod, scoreRange } from './score-range';
import { normaliseText } from './normalise-text';
import { ScoringMethod } from './policy.types';

/**
 * Rules class-validator's decorators cannot express: list items with their index, placeholders,
 * cross-field and cross-category rules. Runs on the same (possibly invalid) document as the shape
 * checks so one pass reports every problem; anything of the wrong shape is skipped here because
 * the shape checks already reported it.
 */
export function semanticIssues(document: object): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const doc = document as Record<string, unknown>;
  checkTemplates(doc.templates, 'templates', issues);
  if (Array.isArray(doc.categories)) checkCategories(doc.categories, issues);
  return issues;
}

function checkCategories(categories: readonly unknown[], issues: PolicyIssue[]): void {
  const firstIndexById = new Map<string, number>();
  categories.forEach((category, index) => {
    if (typeof category !== 'object' || category === null || Array.isArray(category)) return;
    const path = childPath('categories', index);
    const fields = category as Record<string, unknown>;
    checkCategory(fields, path, issues);
    if (typeof fields.id === 'string') {
      const first = firstIndexById.get(fields.id);
      if (first === undefined) firstIndexById.set(fields.id, index);
      else issues.push({ field: childPath(path, 'id'), reason: `duplicates categories[${first}].id ("${fields.id}"); category ids must be unique` });
    }
  });
}

function checkCategory(category: Record<string, unknown>, path: string, issues: PolicyIssue[]): void {
  checkPrompts(category.prompts, childPath(path, 'prompts'), issues);
  checkPrompts(category.contrastPrompts, childPath(path, 'contrastPrompts'), issues);
  checkTemplates(category.templates, childPath(path, 'templates'), issues);
  checkContrastPrompts(category, path, issues);
  if (isScoringMethod(category.scoring)) checkThresholds(category.thresholds, category.scoring, childPath(path, 'thresholds'), issues);
}

function checkPrompts(prompts: unknown, path: string, issues: PolicyIssue[]): void {
  if (!Array.isArray(prompts)) return;
  prompts.forEach((prompt, index) => {
    const reason = textItemProblem(prompt);
    if (reason) issues.push({ field: childPath(path, index), reason });
  });
}

function checkTemplates(templates: unknown, path: string, issues: PolicyIssue[]): void {
  if (!Array.isArray(templates)) return;
  templates.forEach((template, index) => {
    const field = childPath(path, index);
    const reason = textItemProblem(template);
    if (reason) {
      issues.push({ field, reason });
      return;
    }
    const placeholders = (template as string).split(TEMPLATE_PLACEHOLDER).length - 1;
    if (placeholders !== 1) {
      issues.push({ field, reason: `must contain "${TEMPLATE_PLACEHOLDER}" exactly once (where the prompt goes), found ${placeholders}` });
    }
  });
}

/** Why a prompt or template item is unusable, or undefined when it is fine. */
function textItemProblem(item: unknown): string | undefined {
  if (typeof item !== 'string') return 'must be a string';
  const text = normaliseText(item);
  if (text === '') return 'must not be empty';
  if (text.length > PROMPT_MAX_LENGTH) {
    return `must be at most ${PROMPT_MAX_LENGTH} characters (CLIP reads only its first 77 tokens)`;
  }
  return undefined;
}

function checkContrastPrompts(category: Record<string, unknown>, path: string, issues: PolicyIssue[]): void {
  const field = childPath(path, 'contrastPrompts');
  const contrast = category.contrastPrompts;
  if (contrast !== undefined && !Array.isArray(contrast)) return;
  const count = contrast?.length ?? 0;
  if (category.scoring === 'contrast-softmax' && count === 0) {
    issues.push({ field, reason: 'contrast-softmax scoring needs at least one benign contrast prompt' });
  }
  if (category.scoring === 'cosine' && count > 0) {
    // Silently ignoring them would hide a half-finished switch between scoring methods.
    issues.push({ field, reason: 'is only used by contrast-softmax scoring; remove it or change scoring' });
  }
  if (!contrast || !Array.isArray(category.prompts)) return;
  const prompts = new Set(category.prompts.filter((p): p is string => typeof p === 'string').map(normaliseText));
  contrast.forEach((item, index) => {
    if (typeof item === 'string' && prompts.has(normaliseText(item))) {
      issues.push({ field: childPath(field, index), reason: 'is also one of the prompts; contrast prompts must describe benign look-alikes' });
    }
  });
}

function checkThresholds(thresholds: unknown, scoring: ScoringMethod, path: string, issues: PolicyIssue[]): void {
  if (typeof thresholds !== 'object' || thresholds === null) return;
  const { review, block } = thresholds as Record<string, unknown>;
  const [min, max] = scoreRange(scoring);
  for (const [key, value] of [['review', review], ['block', block]] as const) {
    if (isFiniteNumber(value) && (value < min || value > max)) {
      issues.push({ field: childPath(path, key), reason: `must be between ${min} and ${max} for ${scoring} scoring, got ${value}` });
    }
  }
  if (isFiniteNumber(review) && isFiniteNumber(block) && review > block) {
    issues.push({ field: childPath(path, 'review'), reason: `must not be greater than block (${review} > ${block})` });
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

import { CategoryDocument } from './category-document';
import { normaliseText } from './normalise-text';
import { POLICY_DEFAULTS } from './policy-defaults';
import { PolicyDocument } from './policy-document';
import { CategoryPolicy, Policy } from './policy.types';

/** A policy with defaults applied, before it is given its version and source file. */
export type NormalisedPolicy = Omit<Policy, 'version' | 'sourceFile'>;

/**
 * Applies defaults and tidies text so that only meaningful edits change the policy version:
 * comments, key order and re-wrapping lines in the YAML do not; prompts, thresholds and every
 * other value do. Expects a document that already passed validation.
 */
export function normalisePolicy(document: PolicyDocument): NormalisedPolicy {
  const inheritedTemplates = document.templates?.map(normaliseText) ?? [];
  return {
    id: document.id,
    description: document.description.trim(),
    defaultAction: document.defaultAction ?? POLICY_DEFAULTS.defaultAction,
    logitScale: document.logitScale ?? POLICY_DEFAULTS.logitScale,
    categories: document.categories.map((category) => normaliseCategory(category, inheritedTemplates)),
    // Only when written, so policies without the key keep the version they had before it existed.
    ...(document.banks === undefined ? {} : { banks: [...new Set(document.banks)].sort() }),
    ...(document.skipModelOnBankBlock === true ? { skipModelOnBankBlock: true } : {}),
  };
}

function normaliseCategory(category: CategoryDocument, inheritedTemplates: readonly string[]): CategoryPolicy {
  return {
    id: category.id,
    description: category.description.trim(),
    prompts: category.prompts.map(normaliseText),
    contrastPrompts: category.contrastPrompts?.map(normaliseText) ?? [],
    // Only a missing key inherits: `templates: []` deliberately opts a category out of templates.
    templates: category.templates?.map(normaliseText) ?? [...inheritedTemplates],
    scoring: category.scoring,
    thresholds: { review: category.thresholds.review, block: category.thresholds.block },
    shadow: category.shadow ?? POLICY_DEFAULTS.shadow,
    severity: category.severity ?? POLICY_DEFAULTS.severity,
  };
}

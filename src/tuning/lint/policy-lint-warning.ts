/**
 * Stable codes of the linter's warnings, for tools that filter or count them:
 * - `protected-characteristic`: a prompt names race or ethnicity, religion, sexual orientation or
 *   gender identity, or disability;
 * - `identifies-people`: a prompt names a person or asks to recognise a face or identity;
 * - `near-duplicate-prompts`: two prompts embed almost identically;
 * - `no-contrast-prompts`: a category has nothing benign to be compared against;
 * - `threshold-outside-evaluated-range`: a threshold no evaluated image reaches, or all do.
 */
export type PolicyLintCode =
  | 'protected-characteristic'
  | 'identifies-people'
  | 'near-duplicate-prompts'
  | 'no-contrast-prompts'
  | 'threshold-outside-evaluated-range';

/** One thing in a policy worth a second look. Warnings never stop a policy from loading. */
export interface PolicyLintWarning {
  readonly code: PolicyLintCode;
  readonly policyId: string;
  readonly categoryId: string;
  /** Where in the policy file, e.g. `categories[2].prompts[1]` or `categories[0].thresholds.block`. */
  readonly field: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Said with every lint report: the word lists catch the obvious cases, not bias itself.
 */
export const CLIP_BIAS_NOTICE =
  'CLIP learned from image-caption pairs scraped from the web and carries the biases of that data: it links some ' +
  'content with some groups of people more than others, even when no prompt mentions them. This linter only catches ' +
  'prompts that name protected characteristics or people outright; a clean result does not make a policy fair. Measure ' +
  'false positives on images of the people your platform serves before a category blocks anything.';

/** One warning as a line for people: `policy/category field: message`. */
export function formatLintWarning(warning: PolicyLintWarning): string {
  return `${warning.policyId}/${warning.categoryId} ${warning.field}: [${warning.code}] ${warning.message}`;
}

/** Moderation policies: the YAML format, loading, validation, versioning and per-category decisions. */
export { ACTION_SEVERITY, MODERATION_ACTIONS, isModerationAction, mostSevereAction } from './moderation-action';
export type { ModerationAction } from './moderation-action';
export { CATEGORY_SEVERITIES, SCORING_METHODS } from './policy.types';
export type { CategoryPolicy, CategorySeverity, CategoryThresholds, Policy, ScoringMethod } from './policy.types';
export { POLICY_DEFAULTS, POLICY_ID_PATTERN, PROMPT_MAX_LENGTH, TEMPLATE_PLACEHOLDER } from './policy-defaults';
export { DOCUMENT_FIELD } from './policy-issue';
export type { PolicyIssue } from './policy-issue';
export { parsePolicy } from './parse-policy';
export { loadPolicyFile } from './load-policy-file';
export { listPolicyFiles, POLICY_FILE_EXTENSIONS } from './policy-files';
export { PolicyRegistry } from './policy-registry';
export { expandPrompts, fillTemplate } from './expand-prompts';
export { policyVersion } from './policy-version';
export type { NormalisedPolicy } from './normalise-policy';
export { decideCategoryAction } from './decide-category-action';
export { isScoringMethod, scoreRange } from './score-range';

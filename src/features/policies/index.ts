/**
 * Policy versions: every version of a policy the database has seen, which one is active and which
 * runs in shadow, promotion, the diff between two versions, and their HTTP routes.
 */
export { ActivePolicies } from './versions/active-policies';
export type { ActivePoliciesOptions, PolicyRollout } from './versions/active-policies';
export { DEFAULT_POLICY_REFRESH_MS, loadActivePolicies } from './versions/load-active-policies';
export type { LoadActivePoliciesOptions } from './versions/load-active-policies';
export { CANDIDATES_FOLDER, loadCandidatePolicyFiles } from './versions/candidate-policy-files';
export { reconcilePolicyFiles } from './versions/reconcile-policy-files';
export { POLICY_ORIGINS } from './versions/policy-origin';
export type { PolicyOrigin } from './versions/policy-origin';
export { parseCandidatePolicy } from './versions/parse-candidate-policy';
export type { CandidatePolicyInput } from './versions/parse-candidate-policy';
export { diffPolicies } from './versions/diff-policies';
export type { CategoryDiff, ListChange, PolicyDiff, ValueChange } from './versions/policy-diff';
export { createPolicyVersionsContext } from './versions/policy-versions-context';
export type { PolicyVersionsContext } from './versions/policy-versions-context';
export { listPolicyVersions } from './versions/list-policy-versions';
export type { PolicyVersionHistory, PolicyVersionSummary } from './versions/list-policy-versions';
export { readPolicyVersion } from './versions/read-policy-version';
export { diffPolicyVersions } from './versions/diff-policy-versions';
export { submitPolicyVersion } from './versions/submit-policy-version';
export type { SubmittedVersion } from './versions/submit-policy-version';
export { setShadowVersion } from './versions/set-shadow-version';
export { promotePolicyVersion } from './versions/promote-policy-version';
export { policyForTuning } from './versions/policy-for-tuning';
export { storedPolicyVersion } from './versions/stored-policy-version';
export { PolicyVersionsHttpModule } from './policy-versions-http.module';
export { POLICY_VERSIONS_CONTEXT } from './policy-versions-http.tokens';
export { PolicyServingModule } from './policy-serving.module';
export type { PolicyServingOptions } from './policy-serving-options';
export { TuningHttpModule } from './tuning-http.module';

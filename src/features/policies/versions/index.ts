/**
 * Policy versions: every version of a policy the database has seen, which one is active and which
 * runs in shadow, promotion, the diff between two versions, and their HTTP routes.
 */
export { ActivePolicies } from './active-policies';
export type { ActivePoliciesOptions, PolicyRollout } from './active-policies';
export { DEFAULT_POLICY_REFRESH_MS, loadActivePolicies } from './load-active-policies';
export type { LoadActivePoliciesOptions } from './load-active-policies';
export { CANDIDATES_FOLDER, loadCandidatePolicyFiles } from './candidate-policy-files';
export { reconcilePolicyFiles } from './reconcile-policy-files';
export { POLICY_ORIGINS } from './policy-origin';
export type { PolicyOrigin } from './policy-origin';
export { parseCandidatePolicy } from './parse-candidate-policy';
export type { CandidatePolicyInput } from './parse-candidate-policy';
export { diffPolicies } from './diff-policies';
export type { CategoryDiff, ListChange, PolicyDiff, ValueChange } from './policy-diff';
export { createPolicyVersionsContext } from './policy-versions-context';
export type { PolicyVersionsContext } from './policy-versions-context';
export { listPolicyVersions } from './list-policy-versions';
export type { PolicyVersionHistory, PolicyVersionSummary } from './list-policy-versions';
export { readPolicyVersion } from './read-policy-version';
export { diffPolicyVersions } from './diff-policy-versions';
export { submitPolicyVersion } from './submit-policy-version';
export type { SubmittedVersion } from './submit-policy-version';
export { setShadowVersion } from './set-shadow-version';
export { promotePolicyVersion } from './promote-policy-version';
export { policyForTuning } from './policy-for-tuning';
export { storedPolicyVersion } from './stored-policy-version';
export { shadowDecision } from './shadow-decision';
export { ACTIVE_POLICIES } from './policy-versions.tokens';
export { PolicyVersionsHttpModule } from '../policy-versions-http.module';
export { POLICY_VERSIONS_CONTEXT } from '../policy-versions-http.tokens';

/** Injection token of the {@link PolicyVersionsContext} the policy-version routes and tuning share. */
export const POLICY_VERSIONS_CONTEXT = Symbol('POLICY_VERSIONS_CONTEXT');

/** Injection token of the process's {@link ActivePolicies}. */
export const ACTIVE_POLICIES = Symbol('ACTIVE_POLICIES');

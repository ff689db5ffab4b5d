import { ModerationEngine } from '../../engine/moderation-engine';
import { Policy } from '../../engine/policy/policy.types';

/**
 * Which version of each policy is served, and which runs in shadow beside it. The core serves the
 * policy files as loaded; the policies feature provides promoted versions and shadows under
 * {@link SERVED_POLICIES}.
 */
export interface ServedPolicies {
  /** The active version of a policy; POLICY_NOT_FOUND when there is none. */
  get(id: string): Policy;
  /** Every policy in its active version. */
  list(): readonly Policy[];
  /** The candidate version running in shadow beside a policy's active one, or null. */
  shadow(id: string): Policy | null;
}

/** Injection token of the {@link ServedPolicies} a feature provides. */
export const SERVED_POLICIES = Symbol('SERVED_POLICIES');

/** The policy files the engine loaded, served as they are, with no shadow. */
export function policyFiles(engine: ModerationEngine): ServedPolicies {
  return { get: (id) => engine.policies.get(id), list: () => engine.policies.list(), shadow: () => null };
}

import { Policy } from '../../../engine/policy/policy.types';
import { PolicyVersionsContext } from './policy-versions-context';
import { readPolicyVersion } from './read-policy-version';

/**
 * The version of a loaded policy that tuning works on: a stored version when one is named (a
 * candidate, or an earlier version), else the active one (a promoted version where there is one).
 */
export async function policyForTuning(context: PolicyVersionsContext, policyId: string, version?: string): Promise<Policy> {
  const active = context.policies.get(policyId);
  if (version === undefined || version === active.version) return active;
  return readPolicyVersion(context, policyId, version);
}

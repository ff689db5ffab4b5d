import { Policy } from '../../../engine/policy/policy.types';
import { PolicyVersionsContext } from './policy-versions-context';
import { policyVersionNotFound } from './policy-version-errors';
import { findPolicyVersionRow, snapshotOf } from './policy-version-rows';

/**
 * One stored version of a loaded policy, exactly as recorded. POLICY_NOT_FOUND for a policy that is
 * not loaded, POLICY_VERSION_NOT_FOUND for a version it never had.
 */
export async function readPolicyVersion(context: PolicyVersionsContext, policyId: string, version: string): Promise<Policy> {
  context.policies.get(policyId);
  const row = await context.run('policy.version', () => findPolicyVersionRow(context.dataSource.manager, policyId, version));
  if (!row) throw policyVersionNotFound(policyId, version);
  return snapshotOf(row);
}

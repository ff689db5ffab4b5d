import { ModerationError } from '../../../engine/errors/moderation-error';
import { diffPolicies } from './diff-policies';
import { PolicyDiff } from './policy-diff';
import { PolicyVersionsContext } from './policy-versions-context';
import { readPolicyVersion } from './read-policy-version';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';

/**
 * The diff between two stored versions of a policy. `from` defaults to the active version and `to`
 * to the shadow version, so with neither given it answers "what would promoting the shadow change".
 */
export async function diffPolicyVersions(context: PolicyVersionsContext, policyId: string, from?: string, to?: string): Promise<PolicyDiff> {
  const fromVersion = from ?? context.policies.get(policyId).version;
  const toVersion = to ?? context.policies.shadow(policyId)?.version;
  if (toVersion === undefined) {
    const reason = 'give the version to compare with: the policy has no version in shadow';
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: to: ${reason}`, { errors: [{ field: 'to', reasons: [reason] }] });
  }
  return diffPolicies(await readPolicyVersion(context, policyId, fromVersion), await readPolicyVersion(context, policyId, toVersion));
}

import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';

/** POLICY_VERSION_NOT_FOUND for a version the policy has never had. */
export function policyVersionNotFound(policyId: string, version: string): ModerationError {
  return new ModerationError(ModerationErrorCode.PolicyVersionNotFound, `Policy ${policyId} has no version ${version}`, { policyId, version });
}

/** POLICY_STATE_CONFLICT: the change makes no sense for the state as it is, or lost a race. */
export function policyStateConflict(policyId: string, reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.PolicyStateConflict, `Policy ${policyId}: ${reason}`, { policyId });
}

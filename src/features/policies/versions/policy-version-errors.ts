import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';

/** POLICY_VERSION_NOT_FOUND for a version the policy has never had. */
export function policyVersionNotFound(policyId: string, version: string): AppError {
  return new ModerationError(AppErrorCode.PolicyVersionNotFound, `Policy ${policyId} has no version ${version}`, { policyId, version });
}

/** POLICY_STATE_CONFLICT: the change makes no sense for the state as it is, or lost a race. */
export function policyStateConflict(policyId: string, reason: string): AppError {
  return new ModerationError(AppErrorCode.PolicyStateConflict, `Policy ${policyId}: ${reason}`, { policyId });
}

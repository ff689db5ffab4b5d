import { RequestActor } from '../../access';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { changePolicyState } from './change-policy-state';
import { PolicyVersionsContext } from './policy-versions-context';
import { policyStateConflict } from './policy-version-errors';

/**
 * Runs a stored version in shadow beside the active one (null: stops the shadow): every fresh
 * decision of the policy is then also scored under it and logged in shadow mode, never acted on.
 * Audited as `policy.shadow`. Shadowing the active version is POLICY_STATE_CONFLICT.
 */
export function setShadowVersion(context: PolicyVersionsContext, policyId: string, version: string | null, reason: string, actor: RequestActor): Promise<PolicyStateEntity> {
  return changePolicyState(context, {
    policyId,
    version,
    action: 'policy.shadow',
    reason,
    actor,
    next: (state) => {
      if (version !== null && state.activeVersion === version) throw policyStateConflict(policyId, `${version} is the active version; it cannot also run in shadow`);
      return { activeVersion: state.activeVersion, shadowVersion: version };
    },
  });
}

import { RequestActor } from '../../access';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { changePolicyState } from './change-policy-state';
import { PolicyVersionsContext } from './policy-versions-context';
import { policyStateConflict } from './policy-version-errors';

/**
 * Makes a stored version the one the policy enforces, from the next request on (everywhere after
 * the other processes' next refresh) and across restarts. Promoting the version in shadow ends
 * the shadow. Audited as `policy.promote` with the admin's key and reason.
 */
export function promotePolicyVersion(context: PolicyVersionsContext, policyId: string, version: string, reason: string, actor: RequestActor): Promise<PolicyStateEntity> {
  return changePolicyState(context, {
    policyId,
    version,
    action: 'policy.promote',
    reason,
    actor,
    next: (state) => {
      if (state.activeVersion === version) throw policyStateConflict(policyId, `${version} is already the active version`);
      return { activeVersion: version, shadowVersion: state.shadowVersion === version ? null : state.shadowVersion };
    },
  });
}

import { appendAuditEvent } from '../../access';
import { RequestActor, auditActorOf } from '../../access';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { PolicyVersionsContext } from './policy-versions-context';
import { policyStateConflict, policyVersionNotFound } from './policy-version-errors';
import { findPolicyVersionRow, snapshotOf } from './policy-version-rows';
import { policyStateAudit, readPolicyState, updatePolicyState } from './policy-state-rows';

/** One person's change to which version a policy enforces or shadows. */
export interface PolicyStateRequest {
  readonly policyId: string;
  /** The version the change is about (null: stop the shadow). */
  readonly version: string | null;
  readonly action: 'policy.shadow' | 'policy.promote';
  readonly reason: string;
  readonly actor: RequestActor;
  /** The state after the change, from the state before; throws POLICY_STATE_CONFLICT when it makes no sense. */
  readonly next: (state: PolicyStateEntity) => { readonly activeVersion: string; readonly shadowVersion: string | null };
}

/**
 * Applies a promotion or a shadow change: the version must be stored and must compile (its prompts
 * embed) before anything changes; then, in one transaction, the state is updated only if nobody
 * changed it since it was read (else POLICY_STATE_CONFLICT), and an audit event records who, why,
 * and the versions before and after. This process serves the new state from its next request;
 * other processes from their next refresh.
 */
export async function changePolicyState(context: PolicyVersionsContext, request: PolicyStateRequest): Promise<PolicyStateEntity> {
  const { policyId, version, actor } = request;
  context.policies.get(policyId);
  if (version !== null) {
    const row = await context.run('policy.version', () => findPolicyVersionRow(context.dataSource.manager, policyId, version));
    if (!row) throw policyVersionNotFound(policyId, version);
    await context.engine.compile(snapshotOf(row));
  }
  const changed = await context.run('policy.state', () =>
    context.dataSource.transaction(async (manager) => {
      const state = await readPolicyState(manager, policyId);
      if (!state) throw policyStateConflict(policyId, 'its versions are not tracked yet; restart the server');
      const after = request.next(state);
      if (after.activeVersion === state.activeVersion && after.shadowVersion === state.shadowVersion) return state;
      const now = context.clock();
      if (!(await updatePolicyState(manager, state, { ...after, updatedAt: now, updatedBy: actor.principal.keyId }))) {
        throw policyStateConflict(policyId, 'someone else changed its versions at the same time; read them again and retry');
      }
      await appendAuditEvent(manager, {
        actor: auditActorOf(actor.principal),
        action: request.action,
        subjectType: 'policy',
        subjectId: policyId,
        before: policyStateAudit(state),
        after: { ...policyStateAudit(after), version, reason: request.reason },
        at: now,
        requestId: actor.requestId,
      });
      return { ...state, ...after, revision: state.revision + 1, updatedAt: now, updatedBy: actor.principal.keyId };
    }),
  );
  await context.policies.refresh();
  return changed;
}

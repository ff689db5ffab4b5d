import { EntityManager } from 'typeorm';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';

/** What a change to a policy's state sets. */
export interface PolicyStateChange {
  readonly activeVersion: string;
  readonly shadowVersion: string | null;
  readonly updatedAt: Date;
  readonly updatedBy: string | null;
}

/** The state of one policy, or null before its first start with version tracking. */
export function readPolicyState(manager: EntityManager, policyId: string): Promise<PolicyStateEntity | null> {
  return manager.getRepository(PolicyStateEntity).findOne({ where: { policyId } });
}

/** Every policy's state. A handful of rows: read whole on every refresh. */
export function readPolicyStates(manager: EntityManager): Promise<PolicyStateEntity[]> {
  return manager.getRepository(PolicyStateEntity).find();
}

/** Creates a policy's state with `activeVersion` enforced, unless another process already did. */
export async function createPolicyStateIfMissing(manager: EntityManager, policyId: string, activeVersion: string, now: Date): Promise<void> {
  const row: PolicyStateEntity = { policyId, activeVersion, shadowVersion: null, revision: 0, updatedAt: now, updatedBy: null };
  await manager.createQueryBuilder().insert().into(PolicyStateEntity).values(row).orIgnore().updateEntity(false).execute();
}

/**
 * Changes a state only if nobody changed it since `row` was read (its revision); false when
 * someone did, so the caller can refuse (a person) or read again (start-up).
 */
export async function updatePolicyState(manager: EntityManager, row: PolicyStateEntity, change: PolicyStateChange): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(PolicyStateEntity)
    .set({ ...change, revision: () => '"revision" + 1' })
    .where('"policy_id" = :id AND "revision" = :revision', { id: row.policyId, revision: row.revision })
    .updateEntity(false)
    .execute();
  return result.affected === 1;
}

/** The state as audit events record it. */
export function policyStateAudit(state: { readonly activeVersion: string; readonly shadowVersion: string | null }): Record<string, unknown> {
  return { activeVersion: state.activeVersion, shadowVersion: state.shadowVersion };
}

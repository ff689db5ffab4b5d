import { EntityManager } from 'typeorm';
import { deepFreeze } from '../../../engine/policy/deep-freeze';
import { Policy } from '../../../engine/policy/policy.types';
import { toPolicyVersionRow } from '../../../core/decisions/decision-rows';
import { PolicyVersionEntity } from '../../../database/entities/policy-version.entity';
import { PolicyOrigin } from './policy-origin';

/**
 * Records a version's snapshot unless it is already stored, and notes how it first reached version
 * tracking (a row written by a decision before versions were tracked gets its origin now). Safe
 * under concurrency: the insert ignores an existing row, the origin is only filled when empty.
 */
export async function recordPolicyVersion(manager: EntityManager, policy: Policy, origin: Exclude<PolicyOrigin, 'decision'>, now: Date): Promise<void> {
  const row = { ...toPolicyVersionRow(policy, now), origin };
  await manager.createQueryBuilder().insert().into(PolicyVersionEntity).values(row).orIgnore().updateEntity(false).execute();
  await manager
    .createQueryBuilder()
    .update(PolicyVersionEntity)
    .set({ origin })
    .where('"policy_id" = :id AND "version" = :version AND "origin" IS NULL', { id: policy.id, version: policy.version })
    .updateEntity(false)
    .execute();
}

/**
 * Notes that a process loaded this version from the policy's own file; true only for the first
 * process ever to do so (the update is conditional, so two processes starting at once cannot both
 * get true). That first sighting is what makes a changed file the active version.
 */
export async function markLoadedFromFile(manager: EntityManager, policy: Policy, now: Date): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(PolicyVersionEntity)
    .set({ fileSeenAt: now })
    .where('"policy_id" = :id AND "version" = :version AND "file_seen_at" IS NULL', { id: policy.id, version: policy.version })
    .updateEntity(false)
    .execute();
  return result.affected === 1;
}

/** The stored version row, or null. */
export function findPolicyVersionRow(manager: EntityManager, policyId: string, version: string): Promise<PolicyVersionEntity | null> {
  return manager.getRepository(PolicyVersionEntity).findOne({ where: { policyId, version } });
}

/** Every stored version of a policy, oldest first (first recorded, then version). */
export function listPolicyVersionRows(manager: EntityManager, policyId: string): Promise<PolicyVersionEntity[]> {
  return manager.getRepository(PolicyVersionEntity).find({ where: { policyId }, order: { firstUsedAt: 'ASC', version: 'ASC' } });
}

/** The snapshot of a row as a frozen Policy: shared by every request, so nobody may change it. */
export function snapshotOf(row: PolicyVersionEntity): Policy {
  return deepFreeze(row.snapshot);
}

import { EntityManager } from 'typeorm';
import { AuditEventInput, AuditRepository, SYSTEM_ACTOR } from '../../access';
import { toPolicyVersionRow } from '../../../core/decisions/decision-rows';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { PolicyVersionEntity } from '../../../database/entities/policy-version.entity';
import { ModerationDatabase } from '../../../database/moderation-database';
import { deepFreeze } from '../../../engine/policy/deep-freeze';
import { Policy } from '../../../engine/policy/policy.types';
import { PolicyOrigin } from './policy-origin';
import { policyStateConflict } from './policy-version-errors';

/** Which version a policy enforces and which runs in shadow. */
export type PolicyVersionPair = {
  readonly activeVersion: string;
  readonly shadowVersion: string | null;
};

/** One person's change of a policy's state, as the repository applies it. */
export interface PolicyStateChangeRequest {
  readonly policyId: string;
  /** The state after the change, from the state before; throws POLICY_STATE_CONFLICT when it makes no sense. */
  readonly next: (state: PolicyStateEntity) => PolicyVersionPair;
  readonly at: Date;
  /** The acting key's id, recorded on the state. */
  readonly updatedBy: string | null;
  /** The audit event of the change, given the state before and after. */
  readonly audit: (before: PolicyVersionPair, after: PolicyVersionPair) => AuditEventInput;
}

/** Attempts at activating a changed file when another process changes the state at the same moment. */
const ACTIVATE_ATTEMPTS = 3;

/**
 * Policy versions (`moderation_policy_versions`: every version's snapshot) and policy states
 * (`moderation_policy_states`: which version each policy enforces and shadows), with the audit
 * events of their changes written in the same transactions.
 */
export class PolicyVersionRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /** A stored version's snapshot, or null when the policy never had it. */
  find(policyId: string, version: string): Promise<Policy | null> {
    return this.database.run('policy.version', async () => {
      const row = await findVersionRow(this.database.dataSource.manager, policyId, version);
      return row ? snapshotOf(row) : null;
    });
  }

  /** Every stored version of a policy, oldest first, and its state (null before version tracking). */
  history(policyId: string): Promise<{ readonly versions: PolicyVersionEntity[]; readonly state: PolicyStateEntity | null }> {
    return this.database.run('policy.versions', async () => {
      const manager = this.database.dataSource.manager;
      const versions = await manager.getRepository(PolicyVersionEntity).find({ where: { policyId }, order: { firstUsedAt: 'ASC', version: 'ASC' } });
      return { versions, state: await readState(manager, policyId) };
    });
  }

  /** The state of one policy, or null before its first start with version tracking. */
  state(policyId: string): Promise<PolicyStateEntity | null> {
    return this.database.run('policy.state', () => readState(this.database.dataSource.manager, policyId));
  }

  /** Every policy's state. A handful of rows: read whole on every refresh. */
  states(): Promise<PolicyStateEntity[]> {
    return this.database.run('policy.states', () => this.database.dataSource.manager.getRepository(PolicyStateEntity).find());
  }

  /**
   * Stores a submitted version with its audit event, in one transaction; false (and nothing
   * written) when the database already has this exact version.
   */
  submit(policy: Policy, event: AuditEventInput): Promise<boolean> {
    return this.database.transaction('policy.submit', async (manager) => {
      if (await findVersionRow(manager, policy.id, policy.version)) return false;
      await recordVersion(manager, policy, 'api', event.at);
      await AuditRepository.append(manager, event);
      return true;
    });
  }

  /**
   * Applies a change of state in one transaction, only if nobody changed the state since it was
   * read (else POLICY_STATE_CONFLICT), with its audit event. A change to the same state is no change:
   * nothing is written and the state is answered as it is.
   */
  changeState(request: PolicyStateChangeRequest): Promise<PolicyStateEntity> {
    const { policyId } = request;
    return this.database.transaction('policy.state', async (manager) => {
      const state = await readState(manager, policyId);
      if (!state) throw policyStateConflict(policyId, 'its versions are not tracked yet; restart the server');
      const after = request.next(state);
      if (after.activeVersion === state.activeVersion && after.shadowVersion === state.shadowVersion) return state;
      if (!(await updateState(manager, state, after, request.at, request.updatedBy))) {
        throw policyStateConflict(policyId, 'someone else changed its versions at the same time; read them again and retry');
      }
      await AuditRepository.append(manager, request.audit(pairOf(state), after));
      return { ...state, ...after, revision: state.revision + 1, updatedAt: request.at, updatedBy: request.updatedBy };
    });
  }

  /**
   * Brings the record of versions up to date with the files a process started with:
   *
   * - every loaded policy file and every candidate file is stored as a version (its snapshot);
   * - a policy without a state yet gets one, enforcing its file's version;
   * - a policy file whose content no process has ever loaded before is an operator's deliberate edit,
   *   so its version becomes the active one (audited as `policy.activate` by the system);
   * - a file version seen before changes nothing: a promotion made through the API stays in force
   *   across restarts, and a process still running an older file (a rolling deploy) cannot undo it.
   */
  async reconcileFiles(files: readonly Policy[], candidates: readonly Policy[], now: Date): Promise<void> {
    for (const policy of files) {
      await this.database.transaction('policy.reconcile', async (manager) => {
        await recordVersion(manager, policy, 'file', now);
        const firstSighting = await markLoadedFromFile(manager, policy, now);
        const initial: PolicyStateEntity = { policyId: policy.id, activeVersion: policy.version, shadowVersion: null, revision: 0, updatedAt: now, updatedBy: null };
        await manager.createQueryBuilder().insert().into(PolicyStateEntity).values(initial).orIgnore().updateEntity(false).execute();
        if (firstSighting) await activateFile(manager, policy, now);
      });
    }
    for (const candidate of candidates) {
      await this.database.transaction('policy.reconcile', (manager) => recordVersion(manager, candidate, 'candidate-file', now));
    }
  }
}

async function activateFile(manager: EntityManager, policy: Policy, now: Date): Promise<void> {
  for (let attempt = 0; attempt < ACTIVATE_ATTEMPTS; attempt++) {
    const state = await readState(manager, policy.id);
    if (!state || state.activeVersion === policy.version) return;
    const after = { activeVersion: policy.version, shadowVersion: state.shadowVersion === policy.version ? null : state.shadowVersion };
    if (!(await updateState(manager, state, after, now, null))) continue;
    await AuditRepository.append(manager, {
      actor: SYSTEM_ACTOR,
      action: 'policy.activate',
      subjectType: 'policy',
      subjectId: policy.id,
      before: pairOf(state),
      after: { ...after, reason: 'the policy file changed on disk', sourceFile: policy.sourceFile ?? null },
      at: now,
    });
    return;
  }
}

function readState(manager: EntityManager, policyId: string): Promise<PolicyStateEntity | null> {
  return manager.getRepository(PolicyStateEntity).findOne({ where: { policyId } });
}

/** Changes a state only if nobody changed it since `row` was read (its revision); false when someone did. */
async function updateState(manager: EntityManager, row: PolicyStateEntity, after: PolicyVersionPair, at: Date, updatedBy: string | null): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(PolicyStateEntity)
    .set({ activeVersion: after.activeVersion, shadowVersion: after.shadowVersion, updatedAt: at, updatedBy, revision: () => '"revision" + 1' })
    .where('"policy_id" = :id AND "revision" = :revision', { id: row.policyId, revision: row.revision })
    .updateEntity(false)
    .execute();
  return result.affected === 1;
}

function findVersionRow(manager: EntityManager, policyId: string, version: string): Promise<PolicyVersionEntity | null> {
  return manager.getRepository(PolicyVersionEntity).findOne({ where: { policyId, version } });
}

/**
 * Records a version's snapshot unless it is already stored, and notes how it first reached version
 * tracking (a row written by a decision before versions were tracked gets its origin now). Safe
 * under concurrency: the insert ignores an existing row, the origin is only filled when empty.
 */
async function recordVersion(manager: EntityManager, policy: Policy, origin: Exclude<PolicyOrigin, 'decision'>, now: Date): Promise<void> {
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
async function markLoadedFromFile(manager: EntityManager, policy: Policy, now: Date): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(PolicyVersionEntity)
    .set({ fileSeenAt: now })
    .where('"policy_id" = :id AND "version" = :version AND "file_seen_at" IS NULL', { id: policy.id, version: policy.version })
    .updateEntity(false)
    .execute();
  return result.affected === 1;
}

/** The snapshot of a row as a frozen Policy: shared by every request, so nobody may change it. */
function snapshotOf(row: PolicyVersionEntity): Policy {
  return deepFreeze(row.snapshot);
}

function pairOf(state: PolicyVersionPair): PolicyVersionPair {
  return { activeVersion: state.activeVersion, shadowVersion: state.shadowVersion };
}

import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../access';
import { appendAuditEvent } from '../../access';
import { Policy } from '../../../engine/policy/policy.types';
import { createDatabaseRunner } from '../../../shared/database/database-runner';
import { markLoadedFromFile, recordPolicyVersion } from './policy-version-rows';
import { createPolicyStateIfMissing, policyStateAudit, readPolicyState, updatePolicyState } from './policy-state-rows';

/** Attempts at activating a changed file when another process changes the state at the same moment. */
const ATTEMPTS = 3;

/**
 * Brings the database's record of policy versions up to date with the files a process started
 * with, at start-up:
 *
 * - every loaded policy file and every candidate file is stored as a version (its snapshot);
 * - a policy without a state yet gets one, enforcing its file's version;
 * - a policy file whose content no process has ever loaded before is an operator's deliberate edit,
 *   so its version becomes the active one (audited as `policy.activate` by the system);
 * - a file version seen before changes nothing: a promotion made through the API stays in force
 *   across restarts, and a process still running an older file (a rolling deploy) cannot undo it.
 */
export async function reconcilePolicyFiles(dataSource: DataSource, files: readonly Policy[], candidates: readonly Policy[], now: Date): Promise<void> {
  const run = createDatabaseRunner(dataSource);
  for (const policy of files) {
    await run('policy.reconcile', () =>
      dataSource.transaction(async (manager) => {
        await recordPolicyVersion(manager, policy, 'file', now);
        const firstSighting = await markLoadedFromFile(manager, policy, now);
        await createPolicyStateIfMissing(manager, policy.id, policy.version, now);
        if (!firstSighting) return;
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          const state = await readPolicyState(manager, policy.id);
          if (!state || state.activeVersion === policy.version) return;
          const after = { activeVersion: policy.version, shadowVersion: state.shadowVersion === policy.version ? null : state.shadowVersion };
          if (!(await updatePolicyState(manager, state, { ...after, updatedAt: now, updatedBy: null }))) continue;
          await appendAuditEvent(manager, {
            actor: SYSTEM_ACTOR,
            action: 'policy.activate',
            subjectType: 'policy',
            subjectId: policy.id,
            before: policyStateAudit(state),
            after: { ...policyStateAudit(after), reason: 'the policy file changed on disk', sourceFile: policy.sourceFile ?? null },
            at: now,
          });
          return;
        }
      }),
    );
  }
  for (const candidate of candidates) {
    await run('policy.reconcile', () => dataSource.transaction((manager) => recordPolicyVersion(manager, candidate, 'candidate-file', now)));
  }
}

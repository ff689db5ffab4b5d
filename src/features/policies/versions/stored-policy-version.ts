import { DataSource } from 'typeorm';
import { Policy } from '../../../engine/policy/policy.types';
import { createDatabaseRunner } from '../../../shared/database/database-runner';
import { policyVersionNotFound } from './policy-version-errors';
import { findPolicyVersionRow, snapshotOf } from './policy-version-rows';
import { readPolicyState } from './policy-state-rows';

/**
 * For tools that open the decision log without a running server (the CLI): the version of a
 * policy to work on, given its file. A named version is read from the stored snapshots; otherwise
 * the version the server enforces (a promoted one where an admin promoted one), or the file when
 * the database has no state for the policy yet. POLICY_VERSION_NOT_FOUND for an unknown version.
 */
export async function storedPolicyVersion(dataSource: DataSource, file: Policy, version?: string): Promise<Policy> {
  return createDatabaseRunner(dataSource)('policy.version', async () => {
    const wanted = version ?? (await readPolicyState(dataSource.manager, file.id))?.activeVersion ?? file.version;
    if (wanted === file.version) return file;
    const row = await findPolicyVersionRow(dataSource.manager, file.id, wanted);
    if (!row) throw policyVersionNotFound(file.id, wanted);
    return snapshotOf(row);
  });
}

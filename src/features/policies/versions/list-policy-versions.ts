import { PolicyVersionsContext } from './policy-versions-context';
import { PolicyOrigin } from './policy-origin';
import { listPolicyVersionRows } from './policy-version-rows';
import { readPolicyState } from './policy-state-rows';

/** One version in a policy's history. */
export interface PolicyVersionSummary {
  readonly version: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly origin: PolicyOrigin;
  /** The file it was first read from (a policy file or a candidate file); null for a submitted version. */
  readonly sourceFile: string | null;
  /** When it was first recorded (loaded, submitted, or used by a decision). */
  readonly firstSeenAt: string;
  /** When a process first loaded it from the policy's own file; null when it never was. */
  readonly loadedFromFileAt: string | null;
  readonly active: boolean;
  readonly shadow: boolean;
}

/** A policy's versions, newest first, with which one is active and which in shadow. */
export interface PolicyVersionHistory {
  readonly policyId: string;
  readonly activeVersion: string;
  readonly shadowVersion: string | null;
  readonly versions: readonly PolicyVersionSummary[];
}

/** Every version the database has seen of a loaded policy (POLICY_NOT_FOUND otherwise). */
export async function listPolicyVersions(context: PolicyVersionsContext, policyId: string): Promise<PolicyVersionHistory> {
  const served = context.policies.get(policyId);
  const { rows, state } = await context.run('policy.versions', async () => ({
    rows: await listPolicyVersionRows(context.dataSource.manager, policyId),
    state: await readPolicyState(context.dataSource.manager, policyId),
  }));
  const activeVersion = state?.activeVersion ?? served.version;
  const shadowVersion = state?.shadowVersion ?? null;
  return {
    policyId,
    activeVersion,
    shadowVersion,
    versions: rows.reverse().map((row) => ({
      version: row.version,
      description: row.description,
      categories: row.snapshot.categories.map((category) => category.id),
      origin: (row.origin ?? 'decision') as PolicyOrigin,
      sourceFile: row.sourceFile,
      firstSeenAt: row.firstUsedAt.toISOString(),
      loadedFromFileAt: row.fileSeenAt?.toISOString() ?? null,
      active: row.version === activeVersion,
      shadow: row.version === shadowVersion,
    })),
  };
}

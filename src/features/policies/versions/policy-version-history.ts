import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { PolicyVersionEntity } from '../../../database/entities/policy-version.entity';
import { PolicyOrigin } from './policy-origin';

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

/**
 * The history as the API answers it, from the stored rows (oldest first) and state. Before the
 * policy's first start with version tracking there is no state: the version served is the active one.
 */
export function toPolicyVersionHistory(
  policyId: string,
  stored: { readonly versions: readonly PolicyVersionEntity[]; readonly state: PolicyStateEntity | null },
  servedVersion: string,
): PolicyVersionHistory {
  const activeVersion = stored.state?.activeVersion ?? servedVersion;
  const shadowVersion = stored.state?.shadowVersion ?? null;
  return {
    policyId,
    activeVersion,
    shadowVersion,
    versions: [...stored.versions].reverse().map((row) => ({
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

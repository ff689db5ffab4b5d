import { Environment } from '../config/environment';
import { ModerationDatabase } from '../database/moderation-database';
import { ModerationEngine } from '../engine/moderation-engine';
import { PolicyRegistry } from '../engine/policy/policy-registry';
import { Policy } from '../engine/policy/policy.types';
import { ActivePolicies, PolicyVersionRepository } from '../features/policies';
import { openServerDatabaseIfAny } from './server-database';

/** Which version of a policy a command used, and where it came from (printed, and in JSON output). */
export interface UsedPolicy {
  readonly id: string;
  readonly version: string;
  /** `database`: the version the server enforces, as recorded in its database; `files`: the policy file. */
  readonly source: 'database' | 'files';
  /** One sentence for people: why this version. */
  readonly note: string;
}

/** A policy in the version a command works on, and the record of that choice. */
export interface ServedPolicy {
  readonly policy: Policy;
  readonly used: UsedPolicy;
}

/**
 * The version of a policy the server enforces: with a database, its active version there (promoted
 * through the API or the CLI, or the file it activated), resolved by ActivePolicies exactly as the
 * server resolves it; without one, the policy file. Says which on stderr (`log`), so JSON on stdout
 * stays parseable.
 */
export async function servedPolicy(engine: ModerationEngine, env: Environment, policyId: string, log: (line: string) => void): Promise<ServedPolicy> {
  const file = engine.policies.get(policyId);
  const { database, where } = await openServerDatabaseIfAny(env, log);
  let served: ServedPolicy;
  if (database === null) {
    served = fromFile(file, `read from the policy file ${file.sourceFile ?? ''} (no database: DATABASE_URL is not set and ${where.label} does not exist)`);
  } else {
    try {
      served = await activeVersionIn(database, engine.policies, policyId, where.label, (policy) => engine.compile(policy));
    } finally {
      await database.close();
    }
  }
  log(describeUsedPolicy(served.used));
  return served;
}

/**
 * The active version of a policy in an open database, through the server's own ActivePolicies.
 * Before the server has recorded the policy (no state yet), or when the active version's snapshot
 * cannot be prepared, it is the file, as a server starting now would serve it; the note says why.
 */
export async function activeVersionIn(
  database: ModerationDatabase,
  files: PolicyRegistry,
  policyId: string,
  label: string,
  warm?: (policy: Policy) => Promise<unknown>,
): Promise<ServedPolicy> {
  const file = files.get(policyId);
  const versions = new PolicyVersionRepository(database);
  const problems: string[] = [];
  const policies = new ActivePolicies({ versions, files, warm, log: { warn: (line) => problems.push(line) } });
  await policies.refresh();
  const state = await versions.state(policyId);
  const active = policies.get(policyId);
  if (state === null) {
    return fromFile(file, `read from the policy file ${file.sourceFile ?? ''}: ${label} has no version recorded for it yet (the server records it when it starts)`);
  }
  if (active.version !== state.activeVersion) {
    return fromFile(file, `read from the policy file ${file.sourceFile ?? ''}: the active version in ${label}, ${state.activeVersion}, could not be used (${problems.join('; ')})`);
  }
  const relation = active.version === file.version ? 'the same as the policy file' : `the policy file ${file.sourceFile ?? ''} holds ${file.version}, which is not enforced`;
  return { policy: active, used: { id: policyId, version: active.version, source: 'database', note: `the active version in ${label} (${relation})` } };
}

/** The line a command prints about the version it used. */
export function describeUsedPolicy(used: UsedPolicy): string {
  return `policy ${used.id}: using version ${used.version}, ${used.note}`;
}

function fromFile(file: Policy, note: string): ServedPolicy {
  return { policy: file, used: { id: file.id, version: file.version, source: 'files', note } };
}

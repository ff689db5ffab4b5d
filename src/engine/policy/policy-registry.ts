import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { loadPolicyFile } from './load-policy-file';
import { listPolicyFiles } from './policy-files';
import { policyInvalidError } from './policy-invalid-error';
import { Policy } from './policy.types';

/** How a policy that did not come from a file is named in error messages. */
const IN_MEMORY = '(in memory)';

/**
 * The loaded policies, by id. Immutable once built: to pick up edited files, build a new
 * registry and swap it in, so a request never sees half of a reload.
 */
export class PolicyRegistry {
  private readonly byId: ReadonlyMap<string, Policy>;
  private readonly all: readonly Policy[];

  private constructor(policies: readonly Policy[]) {
    const byId = new Map<string, Policy>();
    for (const policy of policies) {
      const earlier = byId.get(policy.id);
      if (earlier) throw duplicateIdError(earlier, policy);
      byId.set(policy.id, policy);
    }
    this.byId = byId;
    this.all = Object.freeze([...policies]);
  }

  /**
   * Loads every `*.yaml` / `*.yml` file directly inside `dir` (see `listPolicyFiles`).
   * Throws PolicyNotFound for a missing or empty folder, PolicyInvalid for the first invalid
   * file (in name order) or for two files declaring the same policy id.
   */
  static async fromDirectory(dir: string): Promise<PolicyRegistry> {
    const files = await listPolicyFiles(dir);
    const policies: Policy[] = [];
    // One at a time so the reported error is always the first bad file, not whichever lost a race.
    for (const file of files) policies.push(await loadPolicyFile(file));
    return new PolicyRegistry(policies);
  }

  /** A registry over already-parsed policies (tests, embedding). Duplicate ids are PolicyInvalid. */
  static fromPolicies(policies: readonly Policy[]): PolicyRegistry {
    return new PolicyRegistry(policies);
  }

  /** The policy with this id; PolicyNotFound (with the known ids in details) when there is none. */
  get(id: string): Policy {
    const policy = this.byId.get(id);
    if (policy) return policy;
    const knownIds = this.ids();
    throw new ModerationError(
      ModerationErrorCode.PolicyNotFound,
      `No policy with id "${id}"; known policies: ${knownIds.length > 0 ? knownIds.join(', ') : '(none)'}`,
      { policyId: id, knownIds },
    );
  }

  /** True when a policy with this id is loaded. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Every loaded policy, in load order (file name order for `fromDirectory`). */
  list(): readonly Policy[] {
    return this.all;
  }

  /** The loaded ids, sorted. */
  ids(): string[] {
    return [...this.byId.keys()].sort();
  }
}

function duplicateIdError(earlier: Policy, later: Policy): ModerationError {
  const earlierFile = earlier.sourceFile ?? IN_MEMORY;
  const laterFile = later.sourceFile ?? IN_MEMORY;
  return policyInvalidError(laterFile, [
    { field: 'id', reason: `policy id "${later.id}" is already used by ${earlierFile}; each policy needs its own id` },
  ]);
}

import { PolicyRegistry } from '../../../engine/policy/policy-registry';
import { Policy } from '../../../engine/policy/policy.types';
import { PolicyVersionRepository } from './policy-version.repository';

/** What a policy enforces now, and the candidate running in shadow beside it. */
export interface PolicyRollout {
  readonly active: Policy;
  readonly shadow: Policy | null;
}

/** What {@link ActivePolicies} needs. */
export interface ActivePoliciesOptions {
  readonly versions: PolicyVersionRepository;
  /** The policies loaded from files: the ids that exist, and what each enforces until the database says otherwise. */
  readonly files: PolicyRegistry;
  /** Prepares a version before it is served (the engine's compile: prompt embeddings). */
  readonly warm?: (policy: Policy) => Promise<unknown>;
  readonly log?: { warn(line: string): void };
}

/**
 * The policy versions this process serves: for each loaded policy id, the active version (what
 * requests are decided under) and the shadow version (scored and logged beside it, never acted
 * on), as recorded in `moderation_policy_states`. Reads are synchronous from memory; `refresh`
 * reloads the states (the process that changes one refreshes at once, the others on their timer),
 * so a promotion takes effect without a restart and everywhere.
 */
export class ActivePolicies {
  private rollouts: ReadonlyMap<string, PolicyRollout>;
  private timer: NodeJS.Timeout | undefined;
  /** The latest reload; the next one waits for it. */
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: ActivePoliciesOptions) {
    // Until the first refresh, every policy enforces its file.
    this.rollouts = new Map(options.files.list().map((policy) => [policy.id, { active: policy, shadow: null }]));
  }

  /** The active version of a policy; POLICY_NOT_FOUND (with the known ids) when none is loaded. */
  get(id: string): Policy {
    return this.rolloutOf(id).active;
  }

  /** The version in shadow beside the active one, or null. */
  shadow(id: string): Policy | null {
    return this.rolloutOf(id).shadow;
  }

  /** True when a policy with this id is loaded. */
  has(id: string): boolean {
    return this.options.files.has(id);
  }

  /** The active version of every loaded policy, in load order. */
  list(): Policy[] {
    return this.options.files.list().map((policy) => this.get(policy.id));
  }

  /**
   * Reloads every policy's state from the database. A version that cannot be prepared (its
   * prompts fail to embed) is not served: the policy keeps what it had, and the failure is logged.
   * Reloads run one after another, and each starts after its call, so a caller that has just
   * changed a state always sees it (a timer's reload already under way would not).
   */
  refresh(): Promise<void> {
    const reload = (this.refreshing ?? Promise.resolve()).catch(() => undefined).then(() => this.reload());
    this.refreshing = reload;
    return reload;
  }

  /** Refreshes every `intervalMs` (0: never) until {@link stop}; failures are logged, the last state kept. */
  startRefreshing(intervalMs: number): void {
    this.stop();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.options.log?.warn(`policy versions not refreshed: ${error instanceof Error ? error.message : String(error)}`));
    }, intervalMs);
    // The timer must never keep a process alive on its own.
    this.timer.unref();
  }

  /** Stops the refresh timer. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private rolloutOf(id: string): PolicyRollout {
    // The files registry owns "which ids exist", and its error names the known ones.
    const file = this.options.files.get(id);
    return this.rollouts.get(id) ?? { active: file, shadow: null };
  }

  private async reload(): Promise<void> {
    const states = await this.options.versions.states();
    const next = new Map(this.rollouts);
    for (const state of states) {
      if (!this.options.files.has(state.policyId)) continue;
      const current = this.rolloutOf(state.policyId);
      if (current.active.version === state.activeVersion && (current.shadow?.version ?? null) === state.shadowVersion) continue;
      try {
        const active = await this.version(state.policyId, state.activeVersion, current);
        const shadow = state.shadowVersion === null ? null : await this.version(state.policyId, state.shadowVersion, current);
        next.set(state.policyId, { active, shadow });
      } catch (error) {
        this.options.log?.warn(`policy ${state.policyId}: keeping ${current.active.version}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.rollouts = next;
  }

  /** A version by hash: one already served, the file's, or the stored snapshot (prepared first). */
  private async version(policyId: string, version: string, current: PolicyRollout): Promise<Policy> {
    const file = this.options.files.get(policyId);
    const known = [current.active, current.shadow, file].find((policy) => policy?.version === version);
    if (known) return known;
    const policy = await this.options.versions.find(policyId, version);
    if (!policy) throw new Error(`version ${version} has no stored snapshot`);
    await this.options.warm?.(policy);
    return policy;
  }
}

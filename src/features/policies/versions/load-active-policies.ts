import { ActivePolicies, ActivePoliciesOptions } from './active-policies';
import { loadCandidatePolicyFiles } from './candidate-policy-files';

/** Default seconds between two reads of the policy states by a process that did not change them. */
export const DEFAULT_POLICY_REFRESH_MS = 10_000;

/** Options of {@link loadActivePolicies}. */
export interface LoadActivePoliciesOptions extends ActivePoliciesOptions {
  /** The policies folder, when policies came from one: its `candidates/` folder holds candidate versions. */
  readonly policiesDir?: string;
  /** How often to re-read the states (promotions made by other processes); 0: only at start. */
  readonly refreshMs?: number;
  readonly clock?: () => Date;
}

/**
 * What a server or worker does at start-up: records the loaded policy files (and candidate files)
 * as versions, activates a policy file that changed on disk, reads which version each policy
 * enforces and shadows (a promotion survives the restart), and keeps that fresh on a timer.
 */
export async function loadActivePolicies(options: LoadActivePoliciesOptions): Promise<ActivePolicies> {
  const warn = (line: string): void => options.log?.warn(line);
  const ids = new Set(options.files.ids());
  const candidates = options.policiesDir === undefined ? [] : await loadCandidatePolicyFiles(options.policiesDir, ids, warn);
  await options.versions.reconcileFiles(options.files.list(), candidates, (options.clock ?? (() => new Date()))());
  const active = new ActivePolicies(options);
  await active.refresh();
  active.startRefreshing(options.refreshMs ?? DEFAULT_POLICY_REFRESH_MS);
  return active;
}

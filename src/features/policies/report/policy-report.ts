import { ShadowReport } from '../../../tuning/shadow/shadow-report';
import { PolicyDiff } from '../versions/policy-diff';
import { PolicyVersionHistory } from '../versions/policy-version-history';

/** Why the report compares the two versions it compares. */
export type ComparedPair = 'active-to-shadow' | 'previous-to-active' | 'requested';

/** What the policy report page shows: the history, one diff, and the shadow report when a version runs in shadow. */
export interface PolicyReport {
  readonly history: PolicyVersionHistory;
  /** The diff shown; null when the policy has a single version, so there is nothing to compare. */
  readonly diff: PolicyDiff | null;
  readonly compared: ComparedPair;
  /** The shadow version compared with what was enforced; null when no version runs in shadow. */
  readonly shadow: ShadowReport | null;
  /** When the page was made (ISO-8601). */
  readonly generatedAt: string;
}

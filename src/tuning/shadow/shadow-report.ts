import { ActionTally, ActionTransition, CategoryReplay } from '../replay/replay-report';

/**
 * How a version running in shadow compared with the versions that enforced, on the same live
 * traffic: in every "before/after" below, before is the enforced decision and after the shadow one.
 */
export interface ShadowReport {
  readonly policyId: string;
  readonly shadowVersion: string;
  /** The versions that enforced while the shadow ran (one, unless a promotion happened meanwhile). */
  readonly activeVersions: readonly string[];
  /** The shadow decisions compared: decided in this range (null: no bound). */
  readonly window: { readonly since: string | null; readonly until: string | null };
  readonly firstDecidedAt: string | null;
  readonly lastDecidedAt: string | null;
  /** Pairs of an enforced decision and its shadow decision. */
  readonly pairs: number;
  /** Pairs whose enforced action was the same under both versions, and their share (null without pairs). */
  readonly agreement: { readonly same: number; readonly rate: number | null };
  readonly overall: {
    readonly before: ActionTally;
    readonly after: ActionTally;
    readonly changed: number;
    /** Kinds of change with example ids of the enforced decisions (each shadow decision's `shadowOf`). */
    readonly transitions: readonly ActionTransition[];
  };
  /** Per category; `labelled` compares both versions against reviewers' labels of the enforced decisions. */
  readonly categories: readonly CategoryReplay[];
}

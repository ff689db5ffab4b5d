import { ModerationAction } from '../../engine/policy/moderation-action';
import { ThresholdMetrics } from '../metrics/threshold-metrics';

/** How many decisions ended in each action. */
export type ActionTally = Readonly<Record<ModerationAction, number>>;

/** Decisions whose action went from one value to another. */
export interface ActionTransition {
  readonly from: ModerationAction;
  readonly to: ModerationAction;
  readonly count: number;
  /** A few of the decisions, oldest first, to look at. */
  readonly exampleIds: readonly string[];
  /** Of those with labels: how many are labelled violating (for the category, or any category overall) and how many clean. */
  readonly labelled?: { readonly violating: number; readonly clean: number };
}

/** Flag metrics without a single threshold (the stored side may span several policy versions). */
export type FlagMetrics = Omit<ThresholdMetrics, 'threshold'>;

/** One category before and after. */
export interface CategoryReplay {
  readonly id: string;
  /** `both`, or a category only the candidate has (added) or only the baseline has (removed). */
  readonly presence: 'both' | 'added' | 'removed';
  /** Null for a category the side does not have. */
  readonly before: ActionTally | null;
  readonly after: ActionTally | null;
  /** Decisions whose action for this category changed (where both sides have it). */
  readonly changed: number;
  readonly transitions: readonly ActionTransition[];
  /** On decisions labelled for the category: flagged (review or block) against the labels, before and after. */
  readonly labelled?: { readonly count: number; readonly before: FlagMetrics; readonly after: FlagMetrics };
}

/** What replaying stored decisions under a candidate policy would change. */
export interface ReplayReport {
  readonly policy: {
    readonly id: string;
    readonly candidateVersion: string;
    /** `stored`: compared with the actions recorded at the time; otherwise the re-scored baseline's version. */
    readonly baseline: 'stored' | { readonly version: string };
  };
  readonly modelHash: string;
  readonly decisions: number;
  readonly firstDecidedAt: string | null;
  readonly lastDecidedAt: string | null;
  readonly overall: {
    readonly before: ActionTally;
    readonly after: ActionTally;
    readonly changed: number;
    readonly transitions: readonly ActionTransition[];
  };
  readonly categories: readonly CategoryReplay[];
  readonly timings: { readonly scoringMs: number; readonly totalMs: number };
}

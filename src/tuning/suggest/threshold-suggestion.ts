import { ModerationAction } from '../../engine/policy/moderation-action';
import { ThresholdMetrics } from '../metrics/threshold-metrics';
import { ThresholdLevel, ThresholdTarget } from './threshold-target';

/** A suggested threshold for one category and level, with what it would do. */
export interface ThresholdSuggestion {
  readonly categoryId: string;
  readonly level: ThresholdLevel;
  readonly target: ThresholdTarget;
  /** The threshold in the policy now. */
  readonly current: number;
  /** The threshold that meets the target; null when none does. */
  readonly suggested: number | null;
  readonly reached: boolean;
  /** Why the target cannot be met, or what else must move with it (the other threshold). */
  readonly note?: string;
  /** On the labelled set (labelled targets, and volume targets when a set was given). */
  readonly labelled?: { readonly current: ThresholdMetrics; readonly suggested: ThresholdMetrics | null };
  /** Past decisions flagged per day by this category at this level (review band or block). */
  readonly volume?: { readonly days: number | null; readonly decisions: number; readonly currentPerDay: number | null; readonly suggestedPerDay: number | null };
  /** Past decisions whose enforced action would change were only this threshold moved. */
  readonly pastDecisions?: {
    readonly total: number;
    readonly changed: number;
    readonly transitions: ReadonlyArray<{ readonly from: ModerationAction; readonly to: ModerationAction; readonly count: number; readonly exampleIds: readonly string[] }>;
  };
}

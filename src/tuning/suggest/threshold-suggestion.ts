import { ModerationAction } from '../../engine/policy/moderation-action';
import { ThresholdMetrics } from '../metrics/threshold-metrics';
import { SuggestionWarning } from './suggestion-warning';
import { ThresholdLevel, ThresholdTarget } from './threshold-target';

/** A suggested threshold for one category and level, with what it would do. */
export interface ThresholdSuggestion {
  readonly categoryId: string;
  readonly level: ThresholdLevel;
  readonly target: ThresholdTarget;
  /** The threshold in the policy now. */
  readonly current: number;
  /** The threshold that meets the target, within the score's range; null when none does, or when the run's targets conflict. */
  readonly suggested: number | null;
  readonly reached: boolean;
  /** Only when this target conflicts with another of the run (TARGETS_CONFLICT): the threshold it alone would need. */
  readonly alone?: number;
  /** Why the target cannot be met, what weakens the suggestion, what else must move with it. Empty when nothing does. */
  readonly warnings: readonly SuggestionWarning[];
  /** The warnings' messages in one line, for people; absent without warnings. */
  readonly note?: string;
  /** On the labelled set (labelled targets, and volume targets when a set was given), with the counts the metrics rest on. */
  readonly labelled?: {
    readonly positives: number;
    readonly negatives: number;
    readonly current: ThresholdMetrics;
    readonly suggested: ThresholdMetrics | null;
  };
  /**
   * Past decisions flagged per day by this category at this level (review band or block). `days`
   * and the rates are null when the window is shorter than the minimum (WINDOW_TOO_SHORT).
   */
  readonly volume?: { readonly days: number | null; readonly decisions: number; readonly currentPerDay: number | null; readonly suggestedPerDay: number | null };
  /** Past decisions whose enforced action would change were only this threshold moved. */
  readonly pastDecisions?: {
    readonly total: number;
    readonly changed: number;
    readonly transitions: ReadonlyArray<{ readonly from: ModerationAction; readonly to: ModerationAction; readonly count: number; readonly exampleIds: readonly string[] }>;
  };
}

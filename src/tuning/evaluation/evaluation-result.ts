import { ModerationAction } from '../../engine/policy/moderation-action';
import { CategorySeverity, CategoryThresholds, ScoringMethod } from '../../engine/policy/policy.types';
import { CategoryLabels } from '../labelled/labelled-example';
import { ThresholdMetrics } from '../metrics/threshold-metrics';

/** How the policy scored one labelled example. */
export interface ExampleResult {
  readonly id: string;
  readonly labels: CategoryLabels;
  /** Each category's score, by category id. */
  readonly scores: Readonly<Record<string, number>>;
  /** The enforced action the policy would take. */
  readonly action: ModerationAction;
}

/** One category measured on the examples labelled for it. */
export interface CategoryEvaluation {
  readonly id: string;
  readonly scoring: ScoringMethod;
  readonly shadow: boolean;
  readonly severity: CategorySeverity;
  readonly thresholds: CategoryThresholds;
  readonly positives: number;
  readonly negatives: number;
  /** Examples with no label for this category (not counted anywhere below). */
  readonly unlabelled: number;
  /** Flagged = at or above the review threshold (review or block). */
  readonly atReview: ThresholdMetrics;
  /** Flagged = at or above the block threshold. */
  readonly atBlock: ThresholdMetrics;
  /** Area under the precision-recall curve, threshold-free; null without positives. */
  readonly averagePrecision: number | null;
  /** Area under the ROC curve, threshold-free; null without both positives and negatives. */
  readonly rocAuc: number | null;
  /** Lowest and highest score among labelled examples; null when none is labelled. */
  readonly scoreRange: { readonly min: number; readonly max: number } | null;
}

/**
 * A policy measured on a labelled set. Self-contained: it carries every example's scores and
 * labels, so reports, threshold suggestions and the linter can be run again from its JSON.
 */
export interface EvaluationResult {
  readonly policy: { readonly id: string; readonly version: string };
  readonly model: { readonly id?: string; readonly hash: string };
  /** ISO-8601 time of the evaluation. */
  readonly evaluatedAt: string;
  readonly categories: readonly CategoryEvaluation[];
  readonly examples: readonly ExampleResult[];
}

import { EmbeddingFailure } from '../embeddings/embed-labelled-images';
import { PolicyLintWarning } from '../lint/policy-lint-warning';
import { EvaluationResult } from './evaluation-result';

/**
 * Everything an evaluation run produced: what `moderate eval --json` prints, what the JSON twin
 * of the HTML report holds, and what the HTML report is rendered from.
 */
export interface EvaluationReport {
  readonly evaluation: EvaluationResult;
  /**
   * The labelled set: where it came from and how many images it listed. `reviewed`: decisions that
   * reviewers labelled, from the decision log (then `window` and `skipped` say which ones).
   */
  readonly set: {
    readonly kind: 'folder' | 'csv' | 'reviewed';
    readonly source: string;
    readonly images: number;
    readonly ignored: readonly string[];
    /** Reviewed traffic: decisions decided in this range (ISO times; null for no bound). */
    readonly window?: { readonly since: string | null; readonly until: string | null };
    /** Reviewed traffic: labelled decisions left out, made with another model than the one evaluating. */
    readonly skipped?: { readonly otherModels: number };
  };
  /**
   * Images whose embeddings were computed by the vision encoder, and those read from the cache;
   * `stored`: embeddings read from the decision log (reviewed traffic), with no model run at all.
   */
  readonly embeddings: { readonly computed: number; readonly cached: number; readonly stored?: number };
  /** Images that could not be scored (left out of every metric). */
  readonly failures: readonly EmbeddingFailure[];
  /** The linter's warnings for the policy, thresholds checked against this evaluation. */
  readonly lint: readonly PolicyLintWarning[];
  /** CLIP's biases, said plainly with every evaluation. */
  readonly notice: string;
}

import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationEngine } from '../../engine/moderation-engine';
import { Policy } from '../../engine/policy/policy.types';
import { CompiledPolicy } from '../../engine/scoring/compiled-policy';
import { decide } from '../../engine/scoring/decide';
import { LabelledExample } from '../labelled/labelled-example';
import { labelledScores } from '../metrics/labelled-scores';
import { averagePrecision, operatingPoints, rocAuc } from '../metrics/operating-points';
import { metricsAtThreshold } from '../metrics/threshold-metrics';
import { CategoryEvaluation, EvaluationResult, ExampleResult } from './evaluation-result';
import { categoryScores } from './category-scores';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** The part of the engine evaluation needs: prompt embeddings (compile) and the model's name. */
export type EvaluationEngine = Pick<ModerationEngine, 'compile' | 'model'>;

/**
 * Measures `policy` on labelled examples with the engine's own scoring: the policy is compiled by
 * the engine (prompt embeddings from its cache or text encoder) and every example goes through
 * `decide`, exactly as live traffic does, so what is measured is what would be enforced.
 */
export async function evaluatePolicy(engine: EvaluationEngine, policy: Policy, examples: readonly LabelledExample[]): Promise<EvaluationResult> {
  const compiled = await engine.compile(policy);
  return evaluateCompiledPolicy(compiled, examples, { id: engine.model.id, hash: engine.model.hash });
}

/** {@link evaluatePolicy} for a policy already compiled (the prompt embeddings are at hand). */
export function evaluateCompiledPolicy(
  compiled: CompiledPolicy,
  examples: readonly LabelledExample[],
  model: { readonly id?: string; readonly hash: string } = { hash: compiled.modelHash },
): EvaluationResult {
  assertUsable(compiled, examples);
  const results: ExampleResult[] = examples.map((example) => {
    const verdict = decide(compiled, example.frameEmbeddings);
    return {
      id: example.id,
      labels: example.labels,
      scores: Object.fromEntries(verdict.categories.map((category) => [category.id, category.score])),
      action: verdict.action,
    };
  });
  const categories = compiled.policy.categories.map((category): CategoryEvaluation => {
    const set = labelledScores(categoryScores(results, category.id), results.map((result) => result.labels[category.id]));
    const points = operatingPoints(set);
    return {
      id: category.id,
      scoring: category.scoring,
      shadow: category.shadow,
      severity: category.severity,
      thresholds: { review: category.thresholds.review, block: category.thresholds.block },
      positives: set.positives,
      negatives: set.negatives,
      unlabelled: results.length - set.scores.length,
      atReview: metricsAtThreshold(set, category.thresholds.review),
      atBlock: metricsAtThreshold(set, category.thresholds.block),
      averagePrecision: averagePrecision(points, set.positives),
      rocAuc: rocAuc(points, set.positives, set.negatives),
      // Points run from the highest score down, so the ends are the range.
      scoreRange: points.length === 0 ? null : { min: points[points.length - 1]!.threshold, max: points[0]!.threshold },
    };
  });
  return {
    policy: { id: compiled.policy.id, version: compiled.policy.version },
    model,
    evaluatedAt: new Date().toISOString(),
    categories,
    examples: results,
  };
}

/** Examples without frames, or embedded by a model of another width, cannot be scored at all. */
function assertUsable(compiled: CompiledPolicy, examples: readonly LabelledExample[]): void {
  const problems = examples
    .filter((example) => example.frameEmbeddings.length === 0 || example.frameEmbeddings.some((frame) => frame.length !== compiled.dim))
    .slice(0, 20)
    .map((example) => ({
      key: example.id,
      reason: example.frameEmbeddings.length === 0 ? 'has no embeddings' : `has embeddings of another width than the model's ${compiled.dim}`,
    }));
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Labelled examples cannot be scored: ${problems.map((p) => `${p.key} ${p.reason}`).join('; ')}`, {
      errors: problems.map((problem) => ({ field: problem.key, reasons: [problem.reason] })),
    });
  }
}

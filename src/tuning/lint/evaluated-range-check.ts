import { Policy } from '../../engine/policy/policy.types';
import { EvaluationResult } from '../evaluation/evaluation-result';
import { PolicyLintWarning } from './policy-lint-warning';

/**
 * Thresholds outside the scores seen when the policy was evaluated: above every score, the
 * threshold never fired on the set (nothing measured supports it); below every score, it fired on
 * every image. Only categories the evaluation measured are checked; when the evaluation was of
 * another version of the policy, the warning says so, as scores move when prompts change.
 */
export function thresholdsOutsideEvaluatedRange(policy: Policy, evaluation: EvaluationResult): PolicyLintWarning[] {
  if (evaluation.policy.id !== policy.id) return [];
  const sameVersion = evaluation.policy.version === policy.version;
  const warnings: PolicyLintWarning[] = [];
  policy.categories.forEach((category, index) => {
    const measured = evaluation.categories.find((entry) => entry.id === category.id);
    if (!measured?.scoreRange) return;
    const { min, max } = measured.scoreRange;
    for (const level of ['review', 'block'] as const) {
      const threshold = category.thresholds[level];
      const outside = threshold > max ? `above every evaluated score (highest ${max.toFixed(3)}): it never fired on the set` : threshold < min ? `below every evaluated score (lowest ${min.toFixed(3)}): it fired on every image of the set` : undefined;
      if (!outside) continue;
      warnings.push({
        code: 'threshold-outside-evaluated-range',
        policyId: policy.id,
        categoryId: category.id,
        field: `categories[${index}].thresholds.${level}`,
        message: `${level} ${threshold} is ${outside}${sameVersion ? '' : ` (evaluated as version ${evaluation.policy.version})`}`,
        details: { threshold, min, max, evaluatedVersion: evaluation.policy.version, examples: measured.positives + measured.negatives },
      });
    }
  });
  return warnings;
}

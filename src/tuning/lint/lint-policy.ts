import { ModerationEngine } from '../../engine/moderation-engine';
import { Policy } from '../../engine/policy/policy.types';
import { CompiledPolicy } from '../../engine/scoring/compiled-policy';
import { EvaluationResult } from '../evaluation/evaluation-result';
import { missingContrastPrompts } from './contrast-prompt-check';
import { thresholdsOutsideEvaluatedRange } from './evaluated-range-check';
import { NEAR_DUPLICATE_SIMILARITY, nearDuplicatePrompts } from './near-duplicate-prompts';
import { PolicyLintWarning } from './policy-lint-warning';
import { promptWordingIssues } from './prompt-wording-check';

/** What the linter may use beyond the policy itself. */
export interface LintPolicyOptions {
  /** The policy compiled by the engine: enables the near-duplicate check (it needs text embeddings). */
  readonly compiled?: CompiledPolicy;
  /** An evaluation of the policy: enables the threshold-range check. */
  readonly evaluation?: EvaluationResult;
  /** Cosine above which prompts are near-duplicates; default 0.95. */
  readonly similarityThreshold?: number;
}

/**
 * Every warning for one policy: wording (protected characteristics, identifying people),
 * categories without contrast prompts, and, when their inputs are given, near-duplicate prompts
 * and thresholds outside the evaluated score range. Warnings never block loading: the owners of
 * the policy decide.
 */
export function lintPolicy(policy: Policy, options: LintPolicyOptions = {}): PolicyLintWarning[] {
  return [
    ...promptWordingIssues(policy),
    ...(options.compiled ? nearDuplicatePrompts(options.compiled, options.similarityThreshold ?? NEAR_DUPLICATE_SIMILARITY) : []),
    ...missingContrastPrompts(policy),
    ...(options.evaluation ? thresholdsOutsideEvaluatedRange(policy, options.evaluation) : []),
  ];
}

/**
 * Lints every policy the engine has loaded, compiling each through the engine (prompt
 * embeddings are cached, so this costs nothing once the engine has started). Meant to run at
 * start-up: the server or a worker logs the result.
 */
export async function lintLoadedPolicies(engine: Pick<ModerationEngine, 'compile' | 'policies'>, options: Omit<LintPolicyOptions, 'compiled'> = {}): Promise<PolicyLintWarning[]> {
  const warnings: PolicyLintWarning[] = [];
  for (const policy of engine.policies.list()) warnings.push(...lintPolicy(policy, { ...options, compiled: await engine.compile(policy) }));
  return warnings;
}

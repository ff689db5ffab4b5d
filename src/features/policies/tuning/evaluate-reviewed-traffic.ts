import { Policy } from '../../../engine/policy/policy.types';
import { EvaluationEngine, evaluateCompiledPolicy } from '../../../tuning/evaluation/evaluate-policy';
import { EvaluationReport } from '../../../tuning/evaluation/evaluation-report';
import { lintPolicy } from '../../../tuning/lint/lint-policy';
import { CLIP_BIAS_NOTICE } from '../../../tuning/lint/policy-lint-warning';
import { ReviewedTrafficRepository } from './reviewed-traffic.repository';

/** What to evaluate on which reviewed traffic. */
export interface ReviewedTrafficOptions {
  /** Any version of the policy: the active one, a candidate, an old one; decisions are those of its id. */
  readonly policy: Policy;
  /** Decisions decided at or after. */
  readonly since?: Date;
  /** Decisions decided before. */
  readonly until?: Date;
}

/**
 * The evaluation report of a policy version on the decisions reviewers labelled: the same report as
 * on a labelled image set (per-category precision, recall, F1 and FPR at the review and block
 * thresholds, PR-AUC, ROC-AUC, confusion counts, lint), computed from the embeddings stored with
 * each decision through the engine's own compile + decide, so what is measured is what the
 * version would enforce. Reviewers label what reached them (review decisions and the quality
 * sample), so the set leans towards hard cases: read the rates with that in mind.
 */
export async function evaluateReviewedTraffic(engine: EvaluationEngine, traffic: ReviewedTrafficRepository, options: ReviewedTrafficOptions): Promise<EvaluationReport> {
  const { policy, since, until } = options;
  const reviewed = await traffic.examples({ policyId: policy.id, modelHash: engine.model.hash, since, until });
  const compiled = await engine.compile(policy);
  const evaluation = evaluateCompiledPolicy(compiled, reviewed.examples, { id: engine.model.id, hash: engine.model.hash });
  const range = `${since ? `from ${since.toISOString()}` : 'from the start'} ${until ? `until ${until.toISOString()}` : 'until now'}`;
  return {
    evaluation,
    set: {
      kind: 'reviewed',
      source: `decisions of policy ${policy.id} labelled by reviewers, decided ${range}`,
      images: reviewed.examples.length,
      ignored: [],
      window: { since: since?.toISOString() ?? null, until: until?.toISOString() ?? null },
      skipped: { otherModels: reviewed.otherModels },
    },
    embeddings: { computed: 0, cached: 0, stored: reviewed.examples.length },
    failures: [],
    lint: lintPolicy(policy, { compiled, evaluation }),
    notice: CLIP_BIAS_NOTICE,
  };
}

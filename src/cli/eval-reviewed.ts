import { loadEnvironment } from '../config/load-environment';
import { ModerationEngine } from '../engine/moderation-engine';
import { storedPolicyVersion } from '../features/policies/versions/stored-policy-version';
import { Environment } from '../config/environment';
import { EngineFlags, engineOptionsFromFlags } from './engine-flags';
import { openDecisionLog } from './open-decision-log';
import { parseTimeFlag } from '../shared/time-window';
import { EvaluationReport } from '../tuning/evaluation/evaluation-report';
import { evaluateReviewedTraffic } from '../features/policies/tuning/evaluate-reviewed-traffic';

/** The flags `moderate eval --reviewed` reads. */
export interface ReviewedEvalFlags extends EngineFlags {
  policy: string;
  version?: string;
  since?: string;
  until?: string;
}

/**
 * `moderate eval --reviewed`: evaluates a policy on the decisions reviewers labelled, read from
 * the server's decision log (`DATABASE_URL`, else `MODERATION_DATA_DIR`), with the embeddings
 * stored there: the text encoder may run for the prompts, the vision encoder never does. The
 * version evaluated is the one the server enforces (a promoted one too), or `--version`.
 */
export async function evaluateReviewedFromCli(flags: ReviewedEvalFlags): Promise<EvaluationReport> {
  const since = flags.since ? parseTimeFlag(flags.since, '--since') : undefined;
  const until = flags.until ? parseTimeFlag(flags.until, '--until') : undefined;
  const env = loadEnvironment(process.env);
  const { options } = engineOptionsFromFlags(env, flags);
  const engine = await ModerationEngine.create(options);
  try {
    const dataSource = await openDecisionLog(env, (line) => process.stderr.write(`moderate: ${line}\n`));
    try {
      const policy = await storedPolicyVersion(dataSource, engine.policies.get(flags.policy), flags.version);
      return await evaluateReviewedTraffic(engine, dataSource, { policy, since, until });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await engine.close();
  }
}

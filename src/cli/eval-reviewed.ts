import { loadEnvironment } from '../config/load-environment';
import { ModerationEngine } from '../engine/moderation-engine';
import { PolicyVersionRepository } from '../features/policies/versions/policy-version.repository';
import { policyVersionNotFound } from '../features/policies/versions/policy-version-errors';
import { ReviewedTrafficRepository } from '../features/policies/tuning/reviewed-traffic.repository';
import { Policy } from '../engine/policy/policy.types';
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
    const database = await openDecisionLog(env, (line) => process.stderr.write(`moderate: ${line}\n`));
    try {
      const policy = await versionToEvaluate(new PolicyVersionRepository(database), engine.policies.get(flags.policy), flags.version);
      return await evaluateReviewedTraffic(engine, new ReviewedTrafficRepository(database), { policy, since, until });
    } finally {
      await database.close();
    }
  } finally {
    await engine.close();
  }
}

/**
 * A named version from the stored snapshots; otherwise the version the server enforces (a promoted
 * one where an admin promoted one), or the file when the database has no state for the policy yet.
 */
async function versionToEvaluate(versions: PolicyVersionRepository, file: Policy, version?: string): Promise<Policy> {
  const wanted = version ?? (await versions.state(file.id))?.activeVersion ?? file.version;
  if (wanted === file.version) return file;
  const stored = await versions.find(file.id, wanted);
  if (!stored) throw policyVersionNotFound(file.id, wanted);
  return stored;
}

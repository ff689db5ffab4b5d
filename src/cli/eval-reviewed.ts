import { loadEnvironment } from '../config/load-environment';
import { ModerationEngine } from '../engine/moderation-engine';
import { PolicyVersionRepository } from '../features/policies/versions/policy-version.repository';
import { policyVersionNotFound } from '../features/policies/versions/policy-version-errors';
import { ReviewedTrafficRepository } from '../features/policies/tuning/reviewed-traffic.repository';
import { Policy } from '../engine/policy/policy.types';
import { Environment } from '../config/environment';
import { ModerationDatabase } from '../database/moderation-database';
import { EngineFlags, engineOptionsFromFlags } from './engine-flags';
import { openDecisionLog } from './open-decision-log';
import { activeVersionIn, describeUsedPolicy } from './served-policy';
import { serverDatabase } from './server-database';
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
  const log = (line: string): void => void process.stderr.write(`moderate: ${line}\n`);
  try {
    const database = await openDecisionLog(env, log);
    try {
      const policy = flags.version
        ? await storedVersion(new PolicyVersionRepository(database), engine.policies.get(flags.policy), flags.version)
        : await enforcedVersion(database, engine, flags.policy, env, log);
      return await evaluateReviewedTraffic(engine, new ReviewedTrafficRepository(database), { policy, since, until });
    } finally {
      await database.close();
    }
  } finally {
    await engine.close();
  }
}

/** The version the server enforces, resolved as the server resolves it, and named on stderr. */
async function enforcedVersion(database: ModerationDatabase, engine: ModerationEngine, policyId: string, env: Environment, log: (line: string) => void): Promise<Policy> {
  const served = await activeVersionIn(database, engine.policies, policyId, serverDatabase(env).label, (policy) => engine.compile(policy));
  log(describeUsedPolicy(served.used));
  return served.policy;
}

/** A version named with `--version`: the file's, or a stored snapshot (POLICY_VERSION_NOT_FOUND otherwise). */
async function storedVersion(versions: PolicyVersionRepository, file: Policy, version: string): Promise<Policy> {
  if (version === file.version) return file;
  const stored = await versions.find(file.id, version);
  if (!stored) throw policyVersionNotFound(file.id, version);
  return stored;
}

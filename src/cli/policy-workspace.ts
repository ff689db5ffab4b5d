import { loadEnvironment } from '../config/load-environment';
import { openModerationDatabase } from '../database/open-database';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationEngine } from '../engine/moderation-engine';
import { PolicyRegistry } from '../engine/policy/policy-registry';
import { Policy } from '../engine/policy/policy.types';
import { AuditRepository } from '../features/access';
import {
  ActivePolicies,
  PolicyReportService,
  PolicyVersionRepository,
  PolicyVersionsService,
  ReviewedTrafficRepository,
  ShadowPairRepository,
  ShadowReportsService,
} from '../features/policies';
import { AppErrorCode } from '../shared/errors/app-error-code';
import { EngineFlags, engineOptionsFromFlags } from './engine-flags';
import { serverDatabase } from './server-database';

/** The policy-version services the API uses, on the server's own database. */
export interface PolicyWorkspace {
  readonly versions: PolicyVersionsService;
  readonly shadowReports: ShadowReportsService;
  readonly reports: PolicyReportService;
  /** How the database is named to people. */
  readonly databaseLabel: string;
}

/**
 * Runs `work` with the same services as the policy-version routes, built on the server's database
 * (`DATABASE_URL`, else `MODERATION_DATA_DIR`) and the policy files. The model is loaded only if a
 * change needs it (shadowing and promoting compile the version first, as the API does), so reading
 * versions, diffs and reports is quick.
 */
export async function withPolicyWorkspace<T>(flags: EngineFlags, work: (workspace: PolicyWorkspace) => Promise<T>): Promise<T> {
  const env = loadEnvironment(process.env);
  const { options } = engineOptionsFromFlags(env, flags);
  const files = typeof options.policies === 'string' ? await PolicyRegistry.fromDirectory(options.policies) : PolicyRegistry.fromPolicies(options.policies);
  const where = serverDatabase(env);
  if (!where.exists) {
    throw new ModerationError(
      AppErrorCode.DatabaseUnavailable,
      `Policy versions live in the server's database, and there is none at ${where.label}: set DATABASE_URL to its database, or MODERATION_DATA_DIR to its data folder`,
      { operation: 'open' },
    );
  }
  const database = await openModerationDatabase(where.config, { attempts: 2, firstDelayMs: 500 }, { warn: (line) => process.stderr.write(`moderate: ${line}\n`) });
  let engine: Promise<ModerationEngine> | undefined;
  const compiler = { compile: async (policy: Policy) => (await (engine ??= ModerationEngine.create(options))).compile(policy) };
  try {
    const repository = new PolicyVersionRepository(database);
    const policies = new ActivePolicies({ versions: repository, files });
    await policies.refresh();
    const versions = new PolicyVersionsService(repository, policies, compiler);
    const shadowReports = new ShadowReportsService(policies, new ShadowPairRepository(database), new ReviewedTrafficRepository(database));
    const reports = new PolicyReportService(versions, shadowReports, new AuditRepository(database));
    return await work({ versions, shadowReports, reports, databaseLabel: where.label });
  } finally {
    await database.close();
    await engine?.then(
      (loaded) => loaded.close(),
      () => undefined,
    );
  }
}

import { Logger } from '@nestjs/common';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { ActivePolicies } from './active-policies';
import { loadActivePolicies } from './load-active-policies';
import { PolicyVersionRepository } from './policy-version.repository';
import { CoreOptions } from '../../../core/core-options';
import { PolicyServingOptions } from '../policy-serving-options';

/**
 * The policy versions a process serves (see ActivePolicies), loaded once the engine and the
 * database are up: promotions recorded in the database apply from the first request.
 */
export function loadServedPolicies(engine: ModerationEngine, versions: PolicyVersionRepository, options: CoreOptions & PolicyServingOptions): Promise<ActivePolicies> {
  return loadActivePolicies({
    versions,
    files: engine.policies,
    policiesDir: typeof options.policies === 'string' ? options.policies : undefined,
    refreshMs: options.policyRefreshMs,
    warm: (policy) => engine.compile(policy),
    log: new Logger('PolicyVersions'),
  });
}

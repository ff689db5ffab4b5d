import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { ActivePolicies } from './active-policies';
import { loadActivePolicies } from './load-active-policies';
import { ModerationModuleOptions } from '../../../core/moderation-module-options';

/**
 * The policy versions a process serves (see ActivePolicies), loaded once the engine and the
 * database are up: promotions recorded in the database apply from the first request.
 */
export function loadServedPolicies(engine: ModerationEngine, dataSource: DataSource, options: ModerationModuleOptions): Promise<ActivePolicies> {
  return loadActivePolicies({
    dataSource,
    files: engine.policies,
    policiesDir: typeof options.policies === 'string' ? options.policies : undefined,
    refreshMs: options.policyRefreshMs,
    warm: (policy) => engine.compile(policy),
    log: new Logger('PolicyVersions'),
  });
}

import { BeforeApplicationShutdown, Global, Injectable, Module } from '@nestjs/common';
import { CoreOptions } from '../../core/core-options';
import { MODERATION_MODULE_OPTIONS } from '../../core/core.module-definition';
import { SERVED_POLICIES } from '../../core/policies/served-policies';
import { ModerationDatabase } from '../../database/moderation-database';
import { ModerationEngine } from '../../engine/moderation-engine';
import { PolicyServingOptions } from './policy-serving-options';
import { ActivePolicies } from './versions/active-policies';
import { loadServedPolicies } from './versions/load-served-policies';

/** Stops re-reading the policy state before the database closes. */
@Injectable()
export class PolicyServingLifecycle implements BeforeApplicationShutdown {
  constructor(private readonly policies: ActivePolicies) {}

  beforeApplicationShutdown(): void {
    this.policies.stop();
  }
}

/**
 * Serves each policy in its active version (a promoted one, where an admin promoted one) with the
 * version in shadow beside it, for every process: server, worker and embedding app. Global, so
 * the core's ModerationService finds it under SERVED_POLICIES.
 */
@Global()
@Module({
  providers: [
    {
      provide: ActivePolicies,
      useFactory: (engine: ModerationEngine, database: ModerationDatabase, options: CoreOptions & PolicyServingOptions) => loadServedPolicies(engine, database.dataSource, options),
      inject: [ModerationEngine, ModerationDatabase, MODERATION_MODULE_OPTIONS],
    },
    { provide: SERVED_POLICIES, useExisting: ActivePolicies },
    PolicyServingLifecycle,
  ],
  exports: [ActivePolicies, SERVED_POLICIES],
})
export class PolicyServingModule {}

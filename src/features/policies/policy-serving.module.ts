import { BeforeApplicationShutdown, Global, Injectable, Module } from '@nestjs/common';
import { CoreOptions } from '../../core/core-options';
import { MODERATION_MODULE_OPTIONS } from '../../core/core.module-definition';
import { SERVED_POLICIES } from '../../core/policies/served-policies';
import { repositoryProvider } from '../../core/repository-provider';
import { ModerationEngine } from '../../engine/moderation-engine';
import { PolicyServingOptions } from './policy-serving-options';
import { ActivePolicies } from './versions/active-policies';
import { loadServedPolicies } from './versions/load-served-policies';
import { PolicyVersionRepository } from './versions/policy-version.repository';

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
    repositoryProvider(PolicyVersionRepository),
    {
      provide: ActivePolicies,
      useFactory: (engine: ModerationEngine, versions: PolicyVersionRepository, options: CoreOptions & PolicyServingOptions) => loadServedPolicies(engine, versions, options),
      inject: [ModerationEngine, PolicyVersionRepository, MODERATION_MODULE_OPTIONS],
    },
    { provide: SERVED_POLICIES, useExisting: ActivePolicies },
    PolicyServingLifecycle,
  ],
  exports: [ActivePolicies, SERVED_POLICIES, PolicyVersionRepository],
})
export class PolicyServingModule {}

import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../engine/moderation-engine';
import { MODERATION_DATA_SOURCE, MODERATION_ENGINE } from '../../core/moderation.tokens';
import { ActivePolicies } from './versions/active-policies';
import { createPolicyVersionsContext } from './versions/policy-versions-context';
import { ACTIVE_POLICIES } from './versions/policy-versions.tokens';
import { PolicyRolloutController } from './http/policy-rollout.controller';
import { PolicyVersionsController } from './http/policy-versions.controller';
import { POLICY_VERSIONS_CONTEXT } from './policy-versions-http.tokens';
import { PolicyVersionsService } from './versions/policy-versions.service';

/**
 * The policy-version routes (`/v1/policies/:id/versions…`, shadow, promote, shadow report). The
 * versions served live in ModerationModule (ActivePolicies), so workers follow promotions too.
 */
@Module({
  controllers: [PolicyVersionsController, PolicyRolloutController],
  providers: [
    {
      provide: POLICY_VERSIONS_CONTEXT,
      useFactory: (dataSource: DataSource, policies: ActivePolicies, engine: ModerationEngine) => createPolicyVersionsContext(dataSource, policies, engine),
      inject: [MODERATION_DATA_SOURCE, ACTIVE_POLICIES, MODERATION_ENGINE],
    },
    PolicyVersionsService,
  ],
  exports: [POLICY_VERSIONS_CONTEXT],
})
export class PolicyVersionsHttpModule {}

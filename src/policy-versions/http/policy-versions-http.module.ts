import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../engine/moderation-engine';
import { MODERATION_DATA_SOURCE, MODERATION_ENGINE } from '../../module/moderation.tokens';
import { ActivePolicies } from '../active-policies';
import { createPolicyVersionsContext } from '../policy-versions-context';
import { ACTIVE_POLICIES } from '../policy-versions.tokens';
import { PolicyRolloutController } from './policy-rollout.controller';
import { PolicyVersionsController } from './policy-versions.controller';
import { POLICY_VERSIONS_CONTEXT } from './policy-versions-http.tokens';
import { PolicyVersionsService } from './policy-versions.service';

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

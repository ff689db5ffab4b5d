import { Module } from '@nestjs/common';
import { ModerationEngine } from '../../engine/moderation-engine';
import { ActivePolicies } from './versions/active-policies';
import { createPolicyVersionsContext } from './versions/policy-versions-context';

import { PolicyRolloutController } from './http/policy-rollout.controller';
import { PolicyVersionsController } from './http/policy-versions.controller';
import { POLICY_VERSIONS_CONTEXT } from './policy-versions-http.tokens';
import { PolicyVersionsService } from './versions/policy-versions.service';
import { ModerationDatabase } from '../../database/moderation-database';

/**
 * The policy-version routes (`/v1/policies/:id/versions…`, shadow, promote, shadow report). The
 * versions served live in ModerationModule (ActivePolicies), so workers follow promotions too.
 */
@Module({
  controllers: [PolicyVersionsController, PolicyRolloutController],
  providers: [
    {
      provide: POLICY_VERSIONS_CONTEXT,
      useFactory: (database: ModerationDatabase, policies: ActivePolicies, engine: ModerationEngine) => createPolicyVersionsContext(database.dataSource, policies, engine),
      inject: [ModerationDatabase, ActivePolicies, ModerationEngine],
    },
    PolicyVersionsService,
  ],
  exports: [POLICY_VERSIONS_CONTEXT],
})
export class PolicyVersionsHttpModule {}

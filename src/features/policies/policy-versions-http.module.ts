import { Module } from '@nestjs/common';
import { repositoryProvider } from '../../core/repository-provider';
import { AuditRepository } from '../access';
import { PolicyReportController } from './http/policy-report.controller';
import { PolicyRolloutController } from './http/policy-rollout.controller';
import { PolicyVersionsController } from './http/policy-versions.controller';
import { ReviewedTrafficRepository } from './tuning/reviewed-traffic.repository';
import { ShadowPairRepository } from './tuning/shadow-pair.repository';
import { ShadowReportsService } from './tuning/shadow-reports.service';
import { PolicyVersionsService } from './versions/policy-versions.service';
import { PolicyReportService } from './report/policy-report.service';

/**
 * The policy-version routes (`/v1/policies/:id/versions…`, shadow, promote, shadow report, the
 * HTML report). The versions served live in PolicyServingModule (ActivePolicies), so workers
 * follow promotions too.
 */
@Module({
  controllers: [PolicyVersionsController, PolicyRolloutController, PolicyReportController],
  providers: [
    PolicyVersionsService,
    ShadowReportsService,
    PolicyReportService,
    repositoryProvider(ShadowPairRepository),
    repositoryProvider(ReviewedTrafficRepository),
    repositoryProvider(AuditRepository),
  ],
  exports: [PolicyVersionsService, ReviewedTrafficRepository],
})
export class PolicyVersionsHttpModule {}

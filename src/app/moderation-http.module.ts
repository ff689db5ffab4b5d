import { Module } from '@nestjs/common';
import { AuditModule } from '../features/access/audit/audit.module';
import { AuthModule } from '../features/access/auth/auth.module';
import { ConsoleModule } from '../features/review/console/console.module';
import { ReviewModule } from '../features/review/review.module';
import { TuningHttpModule } from '../features/policies/tuning-http.module';
import { DecisionsController } from '../features/moderation/http/decisions.controller';
import { HealthController } from '../features/moderation/http/health.controller';
import { ModerationsController } from '../features/moderation/http/moderations.controller';
import { PoliciesController } from '../features/moderation/http/policies.controller';
import { JobsController } from '../features/jobs/http/jobs.controller';
import { QueueHealthController } from '../features/jobs/http/queue-health.controller';
import { QueueMetricsController } from '../features/jobs/http/queue-metrics.controller';

/**
 * The HTTP API (`/v1/moderations`, `/v1/decisions`, `/v1/policies`, `/health`). Needs
 * {@link ModerationModule} registered globally; use {@link configureHttpApp} for the global
 * pipe, error filter, versioning and OpenAPI.
 */
@Module({
  // API keys and the global role guard, the review queue and console, the audit trail (issue 5).
  // Policy tuning and policy versions: evaluations, suggestions, replays, shadow and promotion (issue 7).
  imports: [AuthModule, ReviewModule, AuditModule, ConsoleModule, TuningHttpModule],
  controllers: [
    ModerationsController,
    DecisionsController,
    PoliciesController,
    HealthController,
    // Asynchronous jobs; they answer QUEUE_NOT_CONFIGURED when ModerationQueueModule is absent.
    JobsController,
    QueueMetricsController,
    QueueHealthController,
  ],
})
export class ModerationHttpModule {}

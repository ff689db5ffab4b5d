import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ConsoleModule } from '../console/console.module';
import { ReviewModule } from '../review/review.module';
import { TuningHttpModule } from '../tuning/http/tuning-http.module';
import { DecisionsController } from './controllers/decisions.controller';
import { HealthController } from './controllers/health.controller';
import { ModerationsController } from './controllers/moderations.controller';
import { PoliciesController } from './controllers/policies.controller';
import { JobsController } from '../queue/http/jobs.controller';
import { QueueHealthController } from '../queue/http/queue-health.controller';
import { QueueMetricsController } from '../queue/http/queue-metrics.controller';

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

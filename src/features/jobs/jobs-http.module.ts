import { Module } from '@nestjs/common';
import { JobsController } from './http/jobs.controller';
import { QueueHealthController } from './http/queue-health.controller';
import { QueueMetricsController } from './http/queue-metrics.controller';

/**
 * The job routes (`/v1/jobs/...`, `/v1/queue/metrics`, `/health/queue`). Without
 * ModerationQueueModule (no Redis) they answer QUEUE_NOT_CONFIGURED.
 */
@Module({ controllers: [JobsController, QueueMetricsController, QueueHealthController] })
export class JobsHttpModule {}

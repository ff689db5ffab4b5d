import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimited, Roles } from '../../access';
import { ModerationJobQueue } from '../queue/moderation-job-queue';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { queueNotConfigured } from '../../../core/jobs/queue-not-configured';
import { QueueMetricsResponse } from './queue-metrics.dto';

/** Queue figures for operators. */
@ApiTags('queue')
@RateLimited('admin')
@Controller({ path: 'queue', version: '1' })
export class QueueMetricsController {
  constructor(@Optional() private readonly jobs?: ModerationJobQueue) {}

  @Get('metrics')
  @Roles('admin')
  @ApiOperation({ operationId: 'getQueueMetrics', summary: 'Queue counts, throughput and workers', description: 'Admins only. Counts cover every process sharing the queue.' })
  @ApiOkResponse({ type: QueueMetricsResponse })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'QUEUE_NOT_CONFIGURED or QUEUE_UNAVAILABLE' })
  async metrics(): Promise<QueueMetricsResponse> {
    if (!this.jobs) throw queueNotConfigured();
    return this.jobs.metrics();
  }
}

import { Controller, Get, HttpCode, Inject, Optional, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ModerationJobQueue } from '../queue/moderation-job-queue';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { queueNotConfigured } from '../../../core/jobs/queue-not-configured';
import { JobResponse } from './job.dto';
import { UuidParam } from '../../../shared/http/uuid-param';
import { WebhookDeliveryListResponse } from './webhook-delivery.dto';

/** Asynchronous moderation jobs: their state, an admin retry, their webhook deliveries. */
@ApiTags('jobs')
@RateLimited('moderation')
@Controller({ path: 'jobs', version: '1' })
export class JobsController {
  constructor(@Optional() private readonly jobs?: ModerationJobQueue) {}

  @Get(':id')
  // Submitters see the jobs they submitted; reviewers and admins see all.
  @Roles('submitter', 'reviewer')
  @ApiOperation({ operationId: 'getJob', summary: 'Get an asynchronous moderation job', description: 'queued, active, done (with `decisionId`) or failed (with `error`).' })
  @ApiOkResponse({ type: JobResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'JOB_NOT_FOUND (never existed, or removed after its retention)' })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'QUEUE_NOT_CONFIGURED or QUEUE_UNAVAILABLE' })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<JobResponse> {
    return this.queue().getStatus(id, actor.principal.role === 'submitter' ? { submittedBy: actor.principal.keyId } : {});
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles('admin')
  @RateLimited('admin')
  @ApiOperation({ operationId: 'retryJob', summary: 'Run a failed job again', description: 'Admins only. The job goes back to `queued`; its upload must not have expired.' })
  @ApiResponse({ status: 202, type: JobResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'JOB_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'JOB_NOT_RETRYABLE (the job has not failed)' })
  @ApiResponse({ status: 410, type: ErrorResponse, description: 'JOB_UPLOAD_EXPIRED' })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'QUEUE_NOT_CONFIGURED or QUEUE_UNAVAILABLE' })
  async retry(@UuidParam('id') id: string): Promise<JobResponse> {
    return this.queue().retry(id);
  }

  @Get(':id/webhook-deliveries')
  @Roles('admin')
  @RateLimited('admin')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "Every webhook attempt for a job's decision", description: 'Admins only. Oldest first.' })
  @ApiOkResponse({ type: WebhookDeliveryListResponse })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'QUEUE_NOT_CONFIGURED' })
  async deliveries(@UuidParam('id') id: string): Promise<WebhookDeliveryListResponse> {
    return { items: await this.queue().listDeliveries(id) };
  }

  private queue(): ModerationJobQueue {
    if (!this.jobs) throw queueNotConfigured();
    return this.jobs;
  }
}

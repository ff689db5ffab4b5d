import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import { ModerationJobQueue } from '../queue/moderation-job-queue';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { QueueHealthResponse } from './queue-metrics.dto';

/** A health probe must answer well within the probe's own timeout, whatever Redis does. */
const HEALTH_TIMEOUT_MS = 1000;

/** A probe for the queue: Redis answers, and how many jobs wait. */
@ApiTags('health')
@Controller('health')
export class QueueHealthController {
  constructor(@Optional() private readonly jobs?: ModerationJobQueue) {}

  @Get('queue')
  @Public()
  @ApiOperation({ operationId: 'getQueueHealth', summary: 'Redis answers; job counts', description: '200 `ok`, 200 `disabled` without REDIS_URL, 503 `unavailable` when Redis does not answer.' })
  @ApiOkResponse({ type: QueueHealthResponse })
  @ApiResponse({ status: 503, type: QueueHealthResponse })
  async queue(@Res({ passthrough: true }) response: Response): Promise<QueueHealthResponse> {
    if (!this.jobs) return { status: 'disabled', moderation: null, webhooks: null };
    try {
      const metrics = await this.jobs.metrics(HEALTH_TIMEOUT_MS);
      return { status: 'ok', moderation: metrics.moderation.counts, webhooks: metrics.webhooks.counts };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', moderation: null, webhooks: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

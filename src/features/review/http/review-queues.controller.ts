import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { ClaimBody, QueueSettingsBody } from './review-request.dto';
import { ClaimResultResponse, QueueOverviewResponse, QueueSummaryResponse } from './review.dto';
import { ReviewItemsService } from '../review-items.service';
import { ReviewQueuesService } from '../review-queues.service';

/** Review queues: the overview, claiming the next item, and (admins) how a queue is served. */
@ApiTags('review')
@RateLimited('review')
@Controller({ path: 'review/queues', version: '1' })
export class ReviewQueuesController {
  constructor(
    private readonly queues: ReviewQueuesService,
    private readonly items: ReviewItemsService,
  ) {}

  @Get()
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listReviewQueues', summary: 'Every review queue with pending and claimed counts' })
  @ApiOkResponse({ type: QueueOverviewResponse })
  async list(@CurrentActor() actor: RequestActor): Promise<QueueOverviewResponse> {
    return { items: await this.queues.overview(actor) };
  }

  @Put(':name')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateReviewQueue', summary: 'Set how a queue is served: highest priority first or oldest first' })
  @ApiOkResponse({ type: QueueSummaryResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED' })
  update(@Param('name') name: string, @Body() body: QueueSettingsBody, @CurrentActor() actor: RequestActor): Promise<QueueSummaryResponse> {
    return this.queues.setOrder(name, body.order, actor);
  }

  @Post(':name/claim')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    operationId: 'claimReviewItem',
    summary: 'Claim the next item of a queue under a lease',
    description:
      'Returns `{ item: null }` when no item is available to the caller. A caller already holding a live item in the queue gets that item again, unless it is in `exclude`: ' +
      'items listed there are never handed back by this claim, so a console can skip an item without being given it again.',
  })
  @ApiOkResponse({ type: ClaimResultResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (queue name, lease, exclude)' })
  async claim(@Param('name') name: string, @Body() body: ClaimBody, @CurrentActor() actor: RequestActor): Promise<ClaimResultResponse> {
    return { item: await this.items.claim(name, actor, body.leaseSeconds, body.exclude ?? []) };
  }
}

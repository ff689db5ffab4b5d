import { Body, Controller, Get, HttpCode, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { LeaseBody, VerdictBody } from './review-request.dto';
import { ReviewItemResponse } from './review.dto';
import { ReviewItemsService } from '../review-items.service';
import { UuidParam } from '../../../shared/http/uuid-param';
import { sendImage } from './send-image';

/** One review item: read it, see its image, keep, give back or decide it. */
@ApiTags('review')
@Roles('reviewer')
@RateLimited('review')
@Controller({ path: 'review/items', version: '1' })
export class ReviewItemsController {
  constructor(private readonly review: ReviewItemsService) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getReviewItem', summary: 'A review item with its decision, scores, thresholds, matched prompts and policy version' })
  @ApiOkResponse({ type: ReviewItemResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'REVIEW_ITEM_NOT_FOUND' })
  get(@UuidParam('id') id: string): Promise<ReviewItemResponse> {
    return this.review.getItem(id);
  }

  @Get(':id/image')
  @ApiOperation({ operationId: 'getReviewItemImage', summary: "The item's image, for the reviewer holding its lease (or an admin)" })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heif', 'image/tiff')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'REVIEW_ITEM_NOT_FOUND or IMAGE_NOT_STORED' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'REVIEW_LEASE_NOT_HELD' })
  @ApiResponse({ status: 410, type: ErrorResponse, description: 'IMAGE_PURGED' })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'IMAGE_STORE_UNAVAILABLE (the image store, a folder, the database or S3, does not answer; retry)' })
  async image(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return sendImage(response, await this.review.image(id, actor));
  }

  @Post(':id/renew')
  @HttpCode(200)
  @ApiOperation({ operationId: 'renewReviewLease', summary: 'Extend the lease on an item you hold' })
  @ApiOkResponse({ type: ReviewItemResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'REVIEW_ITEM_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'REVIEW_LEASE_NOT_HELD or REVIEW_CONFLICT (already decided)' })
  renew(@UuidParam('id') id: string, @Body() body: LeaseBody, @CurrentActor() actor: RequestActor): Promise<ReviewItemResponse> {
    return this.review.renew(id, actor, body.leaseSeconds);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ operationId: 'releaseReviewItem', summary: 'Give an item you claimed back to its queue' })
  @ApiOkResponse({ type: ReviewItemResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'REVIEW_ITEM_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'REVIEW_LEASE_NOT_HELD or REVIEW_CONFLICT (already decided)' })
  release(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<ReviewItemResponse> {
    return this.review.release(id, actor);
  }

  @Post(':id/verdict')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'decideReviewItem',
    summary: 'Approve, remove or escalate an item you hold, with a label per category',
    description: "The verdict becomes the decision's final outcome (`review` on the decision); the model's action and scores are not changed.",
  })
  @ApiOkResponse({ type: ReviewItemResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (unknown category, duplicate label, bad verdict, addToBank on a verdict other than remove)' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'REVIEW_ITEM_NOT_FOUND, or BANK_NOT_FOUND (no embedding bank has the addToBank name or id; nothing is stored)' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'REVIEW_LEASE_NOT_HELD or REVIEW_CONFLICT (already decided)' })
  decide(@UuidParam('id') id: string, @Body() body: VerdictBody, @CurrentActor() actor: RequestActor): Promise<ReviewItemResponse> {
    return this.review.decide(id, actor, {
      verdict: body.verdict,
      labels: (body.labels ?? []).map((label) => ({ categoryId: label.categoryId, label: label.label })),
      note: body.note ?? null,
      addToBank: body.addToBank ?? null,
      bankLabel: body.bankLabel ?? null,
    });
  }
}

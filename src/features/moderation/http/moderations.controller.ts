import { Controller, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedRequest, submittingKeyOf } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { ModerationService } from '../../../core/moderation.service';
import { abortOnClientClose } from '../../../shared/http/abort-on-client-close';
import { readRequestUpload } from '../../../core/upload/read-request-upload';
import { toDecisionResponse } from '../../../core/http/decision-view';
import { DecisionResponse } from '../../../core/http/decision.dto';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { ModerateQuery } from './moderate.dto';
import { JobResponse } from '../../jobs';
import { validationError } from '../../../shared/http/validation-error';
import { requestIdOf } from '../../../shared/http/request-id.middleware';

/** Scores uploads: the one route an app calls for every image. */
@ApiTags('moderations')
@RateLimited('moderation')
@Controller({ path: 'moderations', version: '1' })
export class ModerationsController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly engine: ModerationEngine,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('submitter')
  @ApiOperation({
    operationId: 'createModeration',
    summary: 'Moderate an image',
    description:
      'Send the image as multipart/form-data (field `file`) or as the raw request body with its image Content-Type. ' +
      'The decision is stored; the same content under the same policy version returns the stored decision unless `fresh=true`.',
  })
  @ApiConsumes('multipart/form-data', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heif', 'image/tiff', 'application/octet-stream')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the decision already made instead of making another (1-128 printable ASCII characters).' })
  @ApiOkResponse({ type: DecisionResponse })
  @ApiAcceptedResponse({ type: JobResponse, description: 'With `mode=async`: the queued job; `Location` is its status URL.' })
  @ApiResponse({
    status: 503,
    type: ErrorResponse,
    description:
      'ENGINE_OVERLOADED (more images waiting than the server admits; `Retry-After` says when to try again, or send the image with mode=async), ' +
      'INFERENCE_FAILED (the inference thread failed and is being replaced; retry), QUEUE_NOT_CONFIGURED (mode=async without REDIS_URL), QUEUE_UNAVAILABLE ' +
      'or IMAGE_STORE_UNAVAILABLE (the image store could not keep a review image, or an async upload with MODERATION_UPLOAD_STORE=images; retry)',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying (ENGINE_OVERLOADED)', schema: { type: 'integer' } } },
  })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'IDEMPOTENCY_KEY_CONFLICT' })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED or UPLOAD_MISSING' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'IMAGE_TOO_LARGE or IMAGE_TOO_MANY_PIXELS' })
  @ApiResponse({ status: 415, type: ErrorResponse, description: 'IMAGE_UNSUPPORTED_FORMAT' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'IMAGE_CORRUPT, IMAGE_EMPTY or IMAGE_DECODE_TIMEOUT' })
  async create(
    @Query() query: ModerateQuery,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DecisionResponse | JobResponse> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(idempotencyKey)) {
      throw validationError([{ field: 'Idempotency-Key', reasons: ['must be 1 to 128 printable ASCII characters'] }]);
    }
    if (query.mode === 'async') return this.enqueue(query, idempotencyKey, request, response);
    if (query.callbackUrl !== undefined) throw validationError([{ field: 'callbackUrl', reasons: ['is only used with mode=async'] }]);
    // Refuse what can be refused before reading the body: an unknown policy (404), a full engine (503).
    this.moderation.getPolicy(query.policy);
    this.engine.assertAdmits();
    const signal = abortOnClientClose(response);
    const bytes = await readRequestUpload(request, response, { field: 'file', maxBytes: this.engine.limits.maxBytes, allowRawBody: true });
    const decision = await this.moderation.moderate(bytes, {
      policy: query.policy,
      subject: query.subject,
      source: query.source,
      fresh: query.fresh,
      idempotencyKey,
      // Who submitted, from the API key, so a submitter can read its own decisions back.
      apiKeyId: submittingKeyOf((request as AuthenticatedRequest).principal),
      signal,
    });
    return toDecisionResponse(decision);
  }

  /** `mode=async`: refuse what can be refused before reading the body, then queue the upload and answer 202. */
  private async enqueue(query: ModerateQuery, idempotencyKey: string | undefined, request: Request, response: Response): Promise<JobResponse> {
    const options = {
      policy: query.policy,
      subject: query.subject,
      source: query.source,
      fresh: query.fresh,
      callbackUrl: query.callbackUrl,
      idempotencyKey,
      // The worker records it with the decision; only this key (or a reviewer or admin) sees the job.
      apiKeyId: submittingKeyOf((request as AuthenticatedRequest).principal),
      // Into the job, so the worker's log lines and the webhook deliveries can be traced to this request.
      requestId: requestIdOf(response),
    };
    this.moderation.assertCanEnqueue(options);
    const bytes = await readRequestUpload(request, response, { field: 'file', maxBytes: this.engine.limits.maxBytes, allowRawBody: true });
    const job = await this.moderation.enqueue(bytes, options);
    response.status(202).setHeader('location', `/v1/jobs/${job.id}`);
    return job;
  }
}

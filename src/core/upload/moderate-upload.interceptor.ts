import { CallHandler, ExecutionContext, HttpException, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { isModerationError } from '../../engine/errors/moderation-error';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { ModerationEngine } from '../../engine/moderation-engine';
import { toHttpException } from '../../shared/http/error-body';
import { setRetryAfter } from '../../shared/http/retry-after';
import { abortOnClientClose } from '../../shared/http/abort-on-client-close';
import { ModerationOutcome, ModerationService } from '../moderation.service';
import { MODERATE_UPLOAD_OPTIONS, ModerateUploadOptions } from './moderate-upload-options';
import { ModeratedRequest } from './moderated-request';
import { readRequestUpload } from './read-request-upload';

/** Runs {@link ModerateUpload}: parse the upload, moderate it, then block or pass the decision on. */
@Injectable()
export class ModerateUploadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moderation: ModerationService,
    private readonly engine: ModerationEngine,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options =
      this.reflector.getAllAndOverride<ModerateUploadOptions | undefined>(MODERATE_UPLOAD_OPTIONS, [context.getHandler(), context.getClass()]) ?? {};
    const http = context.switchToHttp();
    const request = http.getRequest<Request & ModeratedRequest>();
    const response = http.getResponse<Response>();
    try {
      this.engine.assertAdmits();
      const signal = abortOnClientClose(response);
      const bytes = await readRequestUpload(request, response, {
        field: options.field ?? 'file',
        maxBytes: this.engine.limits.maxBytes,
        allowRawBody: false,
      });
      const decision = await this.moderation.moderate(bytes, {
        policy: options.policy,
        source: options.source,
        subject: options.subject?.(request),
        holdOnReview: options.holdOnReview,
        signal,
      });
      if (decision.action === 'block') throw blocked(decision);
      // Set through the handler's view of the request: Express's Request type may declare a
      // `moderation` of another shape (the SDK's Express helper does), which this one is not.
      const handlerView: ModeratedRequest = request;
      handlerView.moderation = { decision, held: decision.held };
      return next.handle();
    } catch (error) {
      if (!isModerationError(error)) throw error;
      // Host apps may not install our exception filter, so the header is set here.
      setRetryAfter(response, error);
      throw toHttpException(error);
    }
  }
}

function blocked(decision: ModerationOutcome): HttpException {
  const categories = decision.categories
    .filter((category) => !category.shadow && category.action === 'block')
    .map((category) => ({ id: category.id, score: category.score, threshold: category.thresholds.block }));
  return new HttpException(
    {
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      code: AppErrorCode.ContentBlocked,
      message: `The upload was blocked by policy ${decision.policy.id}: ${categories.map((category) => category.id).join(', ')}`,
      decisionId: decision.id,
      categories,
    },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isModerationError } from '../../engine/errors/moderation-error';
import { IMAGE_ERROR_CODES, ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { decoderMessageOf } from '../../engine/image/decode-error';
import { recordAnsweredError } from './answered-error';
import { matchedRouteOf } from './matched-route';
import { ErrorBody } from './error-body';
import { httpStatusOf } from './moderation-http-status';
import { REQUEST_ID_HEADER } from './request-id.middleware';
import { setRetryAfter } from './retry-after';

/** Codes for errors Nest or Express raise before our code runs. */
const HTTP_STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: ModerationErrorCode.ImageTooLarge,
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Turns every error into the one error body `{ statusCode, code, message, details, requestId }`:
 * domain errors by their code, HTTP errors by their status, and anything unexpected into a 500
 * whose details stay in the log.
 */
@Catch()
export class ModerationExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const requestId = String(response.getHeader(REQUEST_ID_HEADER) ?? '') || undefined;
    const body = this.toBody(exception, request);
    // An expected refusal (a 4xx; an overloaded engine or a dependency down) is written once, by the
    // access line of the request, at info or warn and without a stack, so a burst of refusals does
    // not flood the log and slow the server further.
    const expected = body.statusCode < 500 || (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE && isModerationError(exception));
    recordAnsweredError(response, { code: body.code, message: body.message, expected });
    if (isModerationError(exception) && IMAGE_ERROR_CODES.includes(exception.code as ModerationErrorCode)) {
      // What the decoder said is for operators (a caller gets the stable code and message only).
      const said = decoderMessageOf(exception);
      if (said !== undefined) this.logger.log(`${request.method} ${request.path} ${body.statusCode} ${body.code} [${requestId}]: decoder said: ${said}`);
    } else if (!expected) {
      this.logger.error(`${request.method} ${request.path} ${body.statusCode} ${body.code} [${requestId}]`, exception instanceof Error ? exception.stack : String(exception));
    }
    // A client that went away (REQUEST_ABORTED) has nobody left to answer.
    if (response.headersSent || response.destroyed) return;
    if (isModerationError(exception)) setRetryAfter(response, exception);
    response.status(body.statusCode).json({ ...body, requestId });
  }

  private toBody(exception: unknown, request: Request): ErrorBody & Record<string, unknown> {
    if (isModerationError(exception)) {
      return { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null && typeof (payload as { code?: unknown }).code === 'string') {
        return { ...(payload as ErrorBody), statusCode: status };
      }
      const message = typeof payload === 'string' ? payload : String((payload as { message?: unknown }).message ?? exception.message);
      const code = status === 404 && matchedRouteOf(request) === null ? 'ROUTE_NOT_FOUND' : HTTP_STATUS_CODES[status] ?? `HTTP_${status}`;
      return { statusCode: status, code, message };
    }
    // Body-parser errors (a JSON body that does not parse, a body over its limit) carry a status.
    const status = (exception as { status?: unknown; type?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // A JSON body over the parser's limit; oversized images are refused by the upload reader with IMAGE_TOO_LARGE.
      const code = (exception as { type?: unknown }).type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : HTTP_STATUS_CODES[status] ?? `HTTP_${status}`;
      return { statusCode: status, code, message: exception instanceof Error ? exception.message : 'Bad request' };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'The server failed to handle the request.' };
  }
}

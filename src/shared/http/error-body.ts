import { HttpException } from '@nestjs/common';
import { ModerationError } from '../../engine/errors/moderation-error';
import { httpStatusOf } from './moderation-http-status';

/** The JSON every error response carries; `code` is stable, `message` is for people. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly requestId?: string;
}

/** A domain error as an HttpException, so host apps get the right status without installing our filter. */
export function toHttpException(error: ModerationError<string>): HttpException {
  const status = httpStatusOf(error.code);
  const body: ErrorBody = { statusCode: status, code: error.code, message: error.message, details: error.details };
  return new HttpException(body, status, { cause: error });
}

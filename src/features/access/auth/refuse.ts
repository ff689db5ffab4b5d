import { HttpException } from '@nestjs/common';
import { ModerationError, ModerationErrorDetails } from '../../../engine/errors/moderation-error';
import { ErrorCode } from '../../../shared/errors/app-error-code';
import { toHttpException } from '../../../shared/http/error-body';

/**
 * An auth refusal as an HttpException carrying our error body, so the status and code are right
 * even in a host app that did not install the moderation error filter.
 */
export function refuse(code: ErrorCode, message: string, details: ModerationErrorDetails = {}): HttpException {
  return toHttpException(new ModerationError(code, message, details));
}

import { HttpException } from '@nestjs/common';
import { ModerationError, ModerationErrorDetails } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { toHttpException } from '../../../shared/http/error-body';

/**
 * An auth refusal as an HttpException carrying our error body, so the status and code are right
 * even in a host app that did not install the moderation error filter.
 */
export function refuse(code: ModerationErrorCode, message: string, details: ModerationErrorDetails = {}): HttpException {
  return toHttpException(new ModerationError(code, message, details));
}

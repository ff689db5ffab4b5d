import { ModerationError } from '../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';

/** The answer to every asynchronous request on a server without a queue. */
export function queueNotConfigured(): AppError {
  return new ModerationError(
    AppErrorCode.QueueNotConfigured,
    'Asynchronous moderation needs a job queue, and REDIS_URL is not configured on this server. Send the request without mode=async, or set REDIS_URL.',
    { variable: 'REDIS_URL' },
  );
}

import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';

/** Longest wait for Redis on a request path before answering QUEUE_UNAVAILABLE. */
export const QUEUE_TIMEOUT_MS = 5000;

/**
 * Runs a Redis operation for a caller that is waiting (an HTTP request). While Redis is down the
 * client queues commands and reconnects forever, so without a bound the request would hang; with
 * it, the caller gets QUEUE_UNAVAILABLE. Other failures of the operation become QUEUE_UNAVAILABLE
 * too, unless they are already ModerationErrors.
 */
export async function withQueueTimeout<T>(operation: string, work: Promise<T>, timeoutMs = QUEUE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(operation, `no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof ModerationError) throw error;
    throw unavailable(operation, error instanceof Error ? error.message : String(error), error);
  } finally {
    clearTimeout(timer);
    // The abandoned operation may still fail later; that is no longer anyone's business.
    work.catch(() => undefined);
  }
}

function unavailable(operation: string, reason: string, cause?: unknown): AppError {
  return new ModerationError(AppErrorCode.QueueUnavailable, `The job queue is unavailable (${operation}): ${reason}`, { operation }, { cause });
}

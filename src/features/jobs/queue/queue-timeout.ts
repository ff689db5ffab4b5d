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

/** Longest wait for a connecting Redis client on a request path (a probe must answer within 1 s). */
export const CONNECT_WAIT_MS = 1000;

/** The part of an ioredis client this needs. */
interface RedisConnection {
  readonly status: string;
  once(event: 'ready', listener: () => void): unknown;
  off(event: 'ready', listener: () => void): unknown;
}

/**
 * Resolves when the Redis client is connected, waiting at most `waitMs` for one that is connecting;
 * QUEUE_UNAVAILABLE otherwise. A disconnected client queues commands and runs them when it
 * reconnects: a caller that has long been answered 503 would then still write (an upload nobody
 * will ever use), and a probe would wait out the whole timeout for nothing.
 */
export async function whenConnected(client: RedisConnection, operation: string, waitMs = CONNECT_WAIT_MS): Promise<void> {
  if (client.status === 'ready') return;
  let listener: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const ready = await new Promise<boolean>((resolve) => {
    listener = () => resolve(true);
    client.once('ready', listener);
    timer = setTimeout(() => resolve(false), waitMs);
  });
  clearTimeout(timer);
  client.off('ready', listener!);
  if (!ready) throw unavailable(operation, `Redis is not connected (${client.status})`);
}

function unavailable(operation: string, reason: string, cause?: unknown): AppError {
  return new ModerationError(AppErrorCode.QueueUnavailable, `The job queue is unavailable (${operation}): ${reason}`, { operation }, { cause });
}

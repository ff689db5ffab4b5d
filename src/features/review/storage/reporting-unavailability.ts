import { isModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ImageStore } from './image-store';

/**
 * The store as the app uses it: any failure of the underlying store (a full disk, a refused
 * permission, an object store that does not answer) becomes IMAGE_STORE_UNAVAILABLE (503, with the
 * store's error as its cause and in the log), so callers and queue workers can tell "try again
 * later" from a bug. A store's own ModerationErrors pass through unchanged.
 */
export function reportingUnavailability(store: ImageStore): ImageStore {
  const guard =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        throw isModerationError(error) ? error : imageStoreUnavailable(operation, error);
      }
    };
  return {
    put: guard('put', (sha256: string, bytes: Uint8Array) => store.put(sha256, bytes)),
    get: guard('get', (sha256: string) => store.get(sha256)),
    has: guard('has', (sha256: string) => store.has(sha256)),
    delete: guard('delete', (sha256: string) => store.delete(sha256)),
    // Inside a transaction of the decision database, whose failures are DATABASE_UNAVAILABLE already.
    withinTransaction: store.withinTransaction,
  };
}

function imageStoreUnavailable(operation: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ModerationError(AppErrorCode.ImageStoreUnavailable, `The image store failed to ${operation}: ${reason}`, { operation }, { cause });
}

import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';

/** The error every aborted call rejects with. */
export function requestAborted(): ModerationError {
  return new ModerationError(ModerationErrorCode.RequestAborted, 'The request was aborted before its decision was made.');
}

/** Throws REQUEST_ABORTED when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw requestAborted();
}

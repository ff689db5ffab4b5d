import { ModerationError, isModerationError } from '../../../engine/errors/moderation-error';
import { IMAGE_ERROR_CODES, ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { JobFailure, JobFailureCode } from '../../../core/jobs/moderation-job';

/**
 * Failures that another attempt cannot fix: the bytes are not an image we score, the policy is
 * unknown, the upload is gone. These fail the job at once; everything else (database or Redis
 * down, a worker shutting down, a bug) is retried with backoff.
 */
export const PERMANENT_FAILURE_CODES: ReadonlySet<string> = new Set<string>([
  ...IMAGE_ERROR_CODES,
  ModerationErrorCode.PolicyNotFound,
  ModerationErrorCode.ValidationFailed,
  AppErrorCode.JobUploadExpired,
]);

/** True when retrying cannot help. */
export function isPermanentFailure(error: unknown): boolean {
  return isModerationError(error) && PERMANENT_FAILURE_CODES.has(error.code);
}

/** Separates the code from the message in a stored failure reason. */
const REASON = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/;

/**
 * The error a processor throws to Bull. Bull keeps only `message` as the job's failure reason, so
 * the stable code travels in it: `CODE: message`. Unexpected errors are reported without their
 * message (it may hold internals); the worker logs them in full.
 */
export function toJobError(error: unknown): Error {
  if (error instanceof ModerationError) return new Error(`${error.code}: ${error.message}`, { cause: error });
  return new Error('INTERNAL_ERROR: The worker failed unexpectedly; its log has the details.', { cause: error });
}

/** The failure recorded by Bull for a job, with its code. */
export function parseJobFailure(reason: string | null | undefined): JobFailure | null {
  if (!reason) return null;
  const match = REASON.exec(reason);
  if (match) return { code: match[1] as JobFailureCode, message: match[2]! };
  // Bull's own reasons, e.g. "job stalled more than allowable limit".
  if (/stalled/i.test(reason)) return { code: 'JOB_STALLED', message: 'The job was interrupted too many times (its workers stopped while running it).' };
  return { code: 'INTERNAL_ERROR', message: reason };
}

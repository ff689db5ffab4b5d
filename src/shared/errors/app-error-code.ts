import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { ModerationError } from '../../engine/errors/moderation-error';

/**
 * Stable, documented codes of the errors the app around the engine throws (decision log, queue,
 * review, keys, policy versions). Like the engine's codes they are never renamed or reused.
 */
export enum AppErrorCode {
  /** No stored decision has that id. */
  DecisionNotFound = 'DECISION_NOT_FOUND',
  /** A moderation request carried no image (no file field, no body). */
  UploadMissing = 'UPLOAD_MISSING',
  /** The upload hook refused an upload because its decision was `block`. */
  ContentBlocked = 'CONTENT_BLOCKED',
  /** An idempotency key was reused for a different upload. */
  IdempotencyKeyConflict = 'IDEMPOTENCY_KEY_CONFLICT',
  /** The database could not be reached or answered with an error. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  /** The image store (review images and held uploads) could not be written or read. */
  ImageStoreUnavailable = 'IMAGE_STORE_UNAVAILABLE',
  /** Asynchronous moderation was asked for, but no queue is configured (`REDIS_URL` is unset). */
  QueueNotConfigured = 'QUEUE_NOT_CONFIGURED',
  /** The job queue (Redis) could not be reached or did not answer in time. */
  QueueUnavailable = 'QUEUE_UNAVAILABLE',
  /** No moderation job has that id (never existed, or removed after its retention time). */
  JobNotFound = 'JOB_NOT_FOUND',
  /** Only failed jobs can be retried; this one is queued, active or done. */
  JobNotRetryable = 'JOB_NOT_RETRYABLE',
  /** A job's stored upload expired before the job ran, so there is nothing left to score. */
  JobUploadExpired = 'JOB_UPLOAD_EXPIRED',
  /** A callback URL is not http(s), carries credentials, or its host is not on the allow-list. */
  CallbackUrlNotAllowed = 'CALLBACK_URL_NOT_ALLOWED',
  /** The route needs an API key and the request carried none (`Authorization: Bearer …` or `X-Api-Key`). */
  AuthRequired = 'AUTH_REQUIRED',
  /** The API key is unknown, malformed or revoked. */
  AuthInvalidKey = 'AUTH_INVALID_KEY',
  /** The API key's role may not use this route. */
  AuthForbidden = 'AUTH_FORBIDDEN',
  /** The API key (or, without one, the client address) made more requests to this route group than its limit allows; wait `Retry-After` seconds. */
  RateLimited = 'RATE_LIMITED',
  /** No API key has that id. */
  ApiKeyNotFound = 'API_KEY_NOT_FOUND',
  /** No review item has that id. */
  ReviewItemNotFound = 'REVIEW_ITEM_NOT_FOUND',
  /** The caller does not hold a live lease on the review item (never claimed, released, expired or taken over). */
  ReviewLeaseNotHeld = 'REVIEW_LEASE_NOT_HELD',
  /** The review item is already decided, or the decision already has an open review item (for a new appeal). */
  ReviewConflict = 'REVIEW_CONFLICT',
  /** The image's bytes were never kept (the decision did not go to review). */
  ImageNotStored = 'IMAGE_NOT_STORED',
  /** The image's bytes were purged after the retention period; the decision, scores and hash remain. */
  ImagePurged = 'IMAGE_PURGED',
  /** A candidate policy sent to the API does not validate; details name each field and reason, like POLICY_INVALID. */
  PolicyCandidateInvalid = 'POLICY_CANDIDATE_INVALID',
  /** The policy has no stored version with that hash. */
  PolicyVersionNotFound = 'POLICY_VERSION_NOT_FOUND',
  /** The policy's active or shadow version cannot change that way: already active, or changed by someone else meanwhile. */
  PolicyStateConflict = 'POLICY_STATE_CONFLICT',
  /** No stored evaluation has that id. */
  EvaluationNotFound = 'EVALUATION_NOT_FOUND',
  /** No hash bank has that id or name. */
  BankNotFound = 'BANK_NOT_FOUND',
  /** Another hash bank already has that name. */
  BankNameTaken = 'BANK_NAME_TAKEN',
  /** The hash bank has no entry with that id. */
  BankEntryNotFound = 'BANK_ENTRY_NOT_FOUND',
  /** The hash bank already holds that hash; details carry the existing entry's id. */
  BankEntryExists = 'BANK_ENTRY_EXISTS',
  /** A hash list sent for import is larger than the configured byte limit. */
  BankImportTooLarge = 'BANK_IMPORT_TOO_LARGE',
  /** A hash list sent for import has more lines than the configured limit. */
  BankImportTooManyLines = 'BANK_IMPORT_TOO_MANY_LINES',
  /** A hash list cannot be imported at all (a CSV without a `hash` column); bad lines alone never cause this. */
  BankImportInvalid = 'BANK_IMPORT_INVALID',
  /** A hash list was sent with a Content-Type other than text/plain or text/csv. */
  BankImportUnsupportedType = 'BANK_IMPORT_UNSUPPORTED_TYPE',
}

/** Every code a caller can meet: the engine's and the app's. */
export type ErrorCode = ModerationErrorCode | AppErrorCode;

/** Every error code, for documentation and validation. */
export const ERROR_CODES: readonly ErrorCode[] = Object.freeze([...Object.values(ModerationErrorCode), ...Object.values(AppErrorCode)]);

/** An error thrown on purpose anywhere in the product: an engine code or an app code. */
export type AppError = ModerationError<ErrorCode>;

/**
 * Stable, documented error codes. Clients branch on these, so a code is never renamed or reused;
 * the HTTP layer maps each one to a status in a single place.
 */
export enum ModerationErrorCode {
  /** The upload had no bytes. */
  ImageEmpty = 'IMAGE_EMPTY',
  /** The upload is larger than the configured byte limit. */
  ImageTooLarge = 'IMAGE_TOO_LARGE',
  /** The image declares more pixels (width x height) than the configured limit. */
  ImageTooManyPixels = 'IMAGE_TOO_MANY_PIXELS',
  /** The bytes are not one of the allowed formats (SVG, BMP, text, ...). */
  ImageUnsupportedFormat = 'IMAGE_UNSUPPORTED_FORMAT',
  /** The bytes claim an allowed format but cannot be decoded (truncated, corrupt). */
  ImageCorrupt = 'IMAGE_CORRUPT',
  /** Decoding took longer than the configured time limit. */
  ImageDecodeTimeout = 'IMAGE_DECODE_TIMEOUT',
  /** No policy with the requested id is loaded. */
  PolicyNotFound = 'POLICY_NOT_FOUND',
  /** A policy file failed validation; details name the file, field and reason. */
  PolicyInvalid = 'POLICY_INVALID',
  /** The model folder or hub id does not exist. */
  ModelNotFound = 'MODEL_NOT_FOUND',
  /** The model folder does not match a supported layout; details list what was found and expected. */
  ModelLayoutInvalid = 'MODEL_LAYOUT_INVALID',
  /** The model's sessions do not have CLIP-shaped inputs and outputs. */
  ModelIncompatible = 'MODEL_INCOMPATIBLE',
  /** Downloading a model from the hub failed. */
  ModelDownloadFailed = 'MODEL_DOWNLOAD_FAILED',
  /** A downloaded file does not match the checksum the hub announced. */
  ModelChecksumMismatch = 'MODEL_CHECKSUM_MISMATCH',
  /** A configuration value is missing or invalid; details list every bad key. */
  ConfigInvalid = 'CONFIG_INVALID',
  /** The engine was closed; no more work is accepted. */
  EngineClosed = 'ENGINE_CLOSED',
  /**
   * More images are waiting than the engine admits (`maxQueuedImages`), or a new one would wait
   * longer than `maxQueueMs`; details carry `retryAfterSeconds`. Send bursts as asynchronous jobs.
   */
  EngineOverloaded = 'ENGINE_OVERLOADED',
  /** The inference thread failed or stopped while holding the request; it is restarted, and the request can be retried. */
  InferenceFailed = 'INFERENCE_FAILED',
  /** The caller aborted the request (its AbortSignal fired, or the HTTP client went away) before a decision existed. */
  RequestAborted = 'REQUEST_ABORTED',
  /** No stored decision has that id. */
  DecisionNotFound = 'DECISION_NOT_FOUND',
  /** A request parameter failed validation; details list each field. */
  ValidationFailed = 'VALIDATION_FAILED',
  /** A moderation request carried no image (no file field, no body). */
  UploadMissing = 'UPLOAD_MISSING',
  /** The upload hook refused an upload because its decision was `block`. */
  ContentBlocked = 'CONTENT_BLOCKED',
  /** An idempotency key was reused for a different upload. */
  IdempotencyKeyConflict = 'IDEMPOTENCY_KEY_CONFLICT',
  /** The database could not be reached or answered with an error. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
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
}

/** The codes that mean "this upload is not an image we will score", as opposed to a server problem. */
export const IMAGE_ERROR_CODES: readonly ModerationErrorCode[] = Object.freeze([
  ModerationErrorCode.ImageEmpty,
  ModerationErrorCode.ImageTooLarge,
  ModerationErrorCode.ImageTooManyPixels,
  ModerationErrorCode.ImageUnsupportedFormat,
  ModerationErrorCode.ImageCorrupt,
  ModerationErrorCode.ImageDecodeTimeout,
]);

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

/**
 * Stable, documented codes of the errors the engine throws. Clients branch on these, so a code is
 * never renamed or reused. The app adds its own codes (`AppErrorCode`, in src/shared/errors);
 * the HTTP layer maps every code to a status in a single place.
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
  /** Input failed validation (a request parameter, a labelled set, a tuning target); details list each field. */
  ValidationFailed = 'VALIDATION_FAILED',
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

import { HttpStatus } from '@nestjs/common';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

const CLIENT_CLOSED_REQUEST = 499 as HttpStatus;

/**
 * The one table from domain error codes to HTTP statuses. Bad input is a 4xx with its code;
 * only failures of the server itself (model, database) are 5xx.
 */
export const MODERATION_HTTP_STATUS: Readonly<Record<ModerationErrorCode, HttpStatus>> = Object.freeze({
  [ModerationErrorCode.ImageEmpty]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.ImageTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ModerationErrorCode.ImageTooManyPixels]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ModerationErrorCode.ImageUnsupportedFormat]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ModerationErrorCode.ImageCorrupt]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.ImageDecodeTimeout]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.PolicyNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.DecisionNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ModerationErrorCode.UploadMissing]: HttpStatus.BAD_REQUEST,
  [ModerationErrorCode.ContentBlocked]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.IdempotencyKeyConflict]: HttpStatus.CONFLICT,
  [ModerationErrorCode.PolicyInvalid]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.ModelNotFound]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.ModelLayoutInvalid]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.ModelIncompatible]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.ModelDownloadFailed]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.ModelChecksumMismatch]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.ConfigInvalid]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ModerationErrorCode.EngineClosed]: HttpStatus.SERVICE_UNAVAILABLE,
  [ModerationErrorCode.EngineOverloaded]: HttpStatus.SERVICE_UNAVAILABLE,
  [ModerationErrorCode.InferenceFailed]: HttpStatus.SERVICE_UNAVAILABLE,
  // nginx's "client closed request": nobody reads it, but logs and metrics see why the request ended.
  [ModerationErrorCode.RequestAborted]: CLIENT_CLOSED_REQUEST,
  [ModerationErrorCode.DatabaseUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ModerationErrorCode.QueueNotConfigured]: HttpStatus.SERVICE_UNAVAILABLE,
  [ModerationErrorCode.QueueUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ModerationErrorCode.JobNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.JobNotRetryable]: HttpStatus.CONFLICT,
  [ModerationErrorCode.JobUploadExpired]: HttpStatus.GONE,
  [ModerationErrorCode.CallbackUrlNotAllowed]: HttpStatus.BAD_REQUEST,
  [ModerationErrorCode.AuthRequired]: HttpStatus.UNAUTHORIZED,
  [ModerationErrorCode.AuthInvalidKey]: HttpStatus.UNAUTHORIZED,
  [ModerationErrorCode.AuthForbidden]: HttpStatus.FORBIDDEN,
  [ModerationErrorCode.ApiKeyNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.ReviewItemNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.ReviewLeaseNotHeld]: HttpStatus.CONFLICT,
  [ModerationErrorCode.ReviewConflict]: HttpStatus.CONFLICT,
  [ModerationErrorCode.ImageNotStored]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.ImagePurged]: HttpStatus.GONE,
  [ModerationErrorCode.PolicyCandidateInvalid]: HttpStatus.BAD_REQUEST,
  [ModerationErrorCode.PolicyVersionNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.PolicyStateConflict]: HttpStatus.CONFLICT,
  [ModerationErrorCode.EvaluationNotFound]: HttpStatus.NOT_FOUND,
});

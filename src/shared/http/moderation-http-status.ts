import { HttpStatus } from '@nestjs/common';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { AppErrorCode, ErrorCode } from '../errors/app-error-code';

const CLIENT_CLOSED_REQUEST = 499 as HttpStatus;

/**
 * The one table from domain error codes to HTTP statuses. Bad input is a 4xx with its code;
 * only failures of the server itself (model, database) are 5xx.
 */
export const MODERATION_HTTP_STATUS: Readonly<Record<ErrorCode, HttpStatus>> = Object.freeze({
  [ModerationErrorCode.ImageEmpty]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.ImageTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ModerationErrorCode.ImageTooManyPixels]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ModerationErrorCode.ImageUnsupportedFormat]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ModerationErrorCode.ImageCorrupt]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.ImageDecodeTimeout]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ModerationErrorCode.PolicyNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.DecisionNotFound]: HttpStatus.NOT_FOUND,
  [ModerationErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.UploadMissing]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.ContentBlocked]: HttpStatus.UNPROCESSABLE_ENTITY,
  [AppErrorCode.IdempotencyKeyConflict]: HttpStatus.CONFLICT,
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
  [AppErrorCode.DatabaseUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [AppErrorCode.ImageStoreUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [AppErrorCode.QueueNotConfigured]: HttpStatus.SERVICE_UNAVAILABLE,
  [AppErrorCode.QueueUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [AppErrorCode.JobNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.JobNotRetryable]: HttpStatus.CONFLICT,
  [AppErrorCode.JobUploadExpired]: HttpStatus.GONE,
  [AppErrorCode.CallbackUrlNotAllowed]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.AuthRequired]: HttpStatus.UNAUTHORIZED,
  [AppErrorCode.AuthInvalidKey]: HttpStatus.UNAUTHORIZED,
  [AppErrorCode.AuthForbidden]: HttpStatus.FORBIDDEN,
  [AppErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [AppErrorCode.ApiKeyNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.ReviewItemNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.ReviewLeaseNotHeld]: HttpStatus.CONFLICT,
  [AppErrorCode.ReviewConflict]: HttpStatus.CONFLICT,
  [AppErrorCode.ImageNotStored]: HttpStatus.NOT_FOUND,
  [AppErrorCode.ImagePurged]: HttpStatus.GONE,
  [AppErrorCode.PolicyCandidateInvalid]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.PolicyVersionNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.PolicyStateConflict]: HttpStatus.CONFLICT,
  [AppErrorCode.EvaluationNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.BankNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.BankNameTaken]: HttpStatus.CONFLICT,
  [AppErrorCode.BankEntryNotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.BankEntryExists]: HttpStatus.CONFLICT,
  [AppErrorCode.BankImportTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [AppErrorCode.BankImportTooManyLines]: HttpStatus.UNPROCESSABLE_ENTITY,
  [AppErrorCode.BankImportInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [AppErrorCode.BankImportUnsupportedType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
});

/** The status of an error code; a code the table does not know is a failure of the server itself. */
export function httpStatusOf(code: string): HttpStatus {
  return (MODERATION_HTTP_STATUS as Readonly<Record<string, HttpStatus>>)[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}

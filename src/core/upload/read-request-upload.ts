import type { Request, Response } from 'express';
import multer from 'multer';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';
import { readUpload } from './read-upload';

/** Where an upload is in a request, and how much of it is accepted. */
export interface UploadReadOptions {
  /** Multipart field holding the file. */
  readonly field: string;
  readonly maxBytes: number;
  /** Also accept the image as the whole request body (`Content-Type: image/*` or octet-stream). */
  readonly allowRawBody: boolean;
}

/**
 * The uploaded bytes of a request: the multipart file in `field`, or (when allowed) the raw body.
 * Both stop reading as soon as the byte limit is passed.
 */
export async function readRequestUpload(request: Request & { file?: Express.Multer.File }, response: Response, options: UploadReadOptions): Promise<Uint8Array> {
  if (request.file) return request.file.buffer;
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: options.maxBytes, files: 1 } }).single(options.field);
    await new Promise<void>((resolve, reject) => parse(request, response, (error: unknown) => (error ? reject(error) : resolve()))).catch((error: unknown) => {
      throw multipartError(error, options);
    });
    // Multer has set request.file by now; TypeScript still holds the narrowing from above.
    const file = (request as { file?: Express.Multer.File }).file;
    if (!file) throw missing(options);
    return file.buffer;
  }
  if (options.allowRawBody && (type.startsWith('image/') || type.startsWith('application/octet-stream'))) {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      throw new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', { maxBytes: options.maxBytes, declared });
    }
    // Even when empty: an image body with no bytes is an empty image (IMAGE_EMPTY, 422, as for an
    // empty multipart file), not a missing upload.
    return readUpload(request, options.maxBytes);
  }
  throw missing(options);
}

function missing(options: UploadReadOptions): AppError {
  const how = options.allowRawBody ? ` or as the request body with an image Content-Type` : '';
  return new ModerationError(AppErrorCode.UploadMissing, `Send the image in the multipart field "${options.field}"${how}.`, { field: options.field });
}

/** Multer's own errors, as domain errors with stable codes. */
function multipartError(error: unknown, options: UploadReadOptions): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') {
    return new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', { maxBytes: options.maxBytes });
  }
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') {
    return new ModerationError(ModerationErrorCode.ValidationFailed, `Send exactly one file, in the multipart field "${options.field}".`, { field: options.field });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModerationError(ModerationErrorCode.ValidationFailed, `The multipart body could not be read: ${message}`, { field: options.field });
}

import type { Request, Response } from 'express';
import { ModerationError, isModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';
import { aborted, clientGone, readMultipartFile } from './read-multipart-file';
import { readUpload } from './read-upload';
import { UploadedFile } from './uploaded-file';

/** Where an upload is in a request, and how much of it is accepted. */
export interface UploadReadOptions {
  /** Multipart field holding the file. */
  readonly field: string;
  readonly maxBytes: number;
  /** Also accept the image as the whole request body (`Content-Type: image/*` or octet-stream). */
  readonly allowRawBody: boolean;
}

/** What a multipart body may carry beyond the file itself (boundaries, part headers, small fields). */
const MULTIPART_ALLOWANCE_BYTES = 64 * 1024;

/** A request whose file may have been read already (by an app's own multer, or by us: we set it). */
type RequestWithFile = Request & { file?: UploadedFile };

/**
 * The uploaded bytes of a request: the multipart file in `field`, or (when allowed) the raw body.
 * Both stop reading as soon as the byte limit is passed, and a body declared larger than the limit
 * is refused before it is read at all. Every refusal that leaves part of the body unread closes
 * the connection after the answer, so the client stops sending. A client that hangs up mid-body
 * gets REQUEST_ABORTED (499, not a server error).
 */
export async function readRequestUpload(request: RequestWithFile, response: Response, options: UploadReadOptions): Promise<Uint8Array> {
  if (request.file) return request.file.buffer;
  try {
    return await readBody(request, options);
  } catch (error) {
    if (!request.complete) response.setHeader('Connection', 'close');
    if (isModerationError(error)) throw error;
    if (clientGone(request)) throw aborted();
    throw error;
  }
}

async function readBody(request: Request, options: UploadReadOptions): Promise<Uint8Array> {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  const declared = Number(request.headers['content-length']);
  if (type.startsWith('multipart/form-data')) {
    if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_ALLOWANCE_BYTES) throw tooLarge(options, declared);
    const file = await readMultipartFile(request, options.field, options.maxBytes);
    if (!file) throw missing(options);
    // Where multer would have put it, so handlers behind the upload hook find it there.
    Object.assign(request, { file });
    return file.buffer;
  }
  if (options.allowRawBody && (type.startsWith('image/') || type.startsWith('application/octet-stream'))) {
    if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge(options, declared);
    // Even when empty: an image body with no bytes is an empty image (IMAGE_EMPTY, 422, as for an
    // empty multipart file), not a missing upload.
    return readUpload(request, options.maxBytes, { keepOpen: true });
  }
  throw missing(options);
}

function tooLarge(options: UploadReadOptions, declared: number): ModerationError {
  return new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', { maxBytes: options.maxBytes, declared });
}

function missing(options: UploadReadOptions): AppError {
  const how = options.allowRawBody ? ` or as the request body with an image Content-Type` : '';
  return new ModerationError(AppErrorCode.UploadMissing, `Send the image in the multipart field "${options.field}"${how}.`, { field: options.field });
}

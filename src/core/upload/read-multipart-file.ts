import type { Request } from 'express';
import busboy from 'busboy';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { UploadedFile } from './uploaded-file';

/** Limits of the parts around the file: a moderation request has one file and no fields it reads. */
const MULTIPART_LIMITS = { files: 1, fields: 16, fieldSize: 8 * 1024, parts: 24, headerPairs: 64 } as const;

/**
 * The file in `field` of a multipart request, collected while it streams: refused with
 * IMAGE_TOO_LARGE the moment it passes `maxBytes` (not after the rest of the body has arrived, which
 * is what multer does: it waits for the whole request before reporting a limit), VALIDATION_FAILED
 * for a body that does not parse or a second file, REQUEST_ABORTED when the client goes away.
 * Resolves null when the body holds no file in `field`.
 */
export function readMultipartFile(request: Request, field: string, maxBytes: number): Promise<UploadedFile | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { ...MULTIPART_LIMITS, fileSize: maxBytes } });
    } catch (error) {
      // No boundary, or a content type busboy cannot read.
      reject(unreadable(error, field));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let found: Omit<UploadedFile, 'size' | 'buffer'> | undefined;
    let settled = false;
    const fail = (error: ModerationError<string>): void => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      parser.removeAllListeners('close');
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== field || found) {
        stream.resume();
        fail(oneFile(field));
        return;
      }
      found = { fieldname: name, originalname: info.filename ?? '', encoding: info.encoding, mimetype: info.mimeType };
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', { maxBytes })));
    });
    parser.on('filesLimit', () => fail(oneFile(field)));
    parser.on('partsLimit', () => fail(unreadable(new Error('too many parts'), field)));
    parser.on('error', (error: unknown) => fail(clientGone(request) ? aborted() : unreadable(error, field)));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(found ? { ...found, size: total, buffer: Buffer.concat(chunks, total) } : null);
    });
    request.on('aborted', () => fail(aborted()));
    request.pipe(parser);
  });
}

/** True when the client went away before the whole body arrived. */
export function clientGone(request: Request): boolean {
  return request.destroyed || (!request.complete && request.socket.destroyed);
}

function oneFile(field: string): ModerationError<string> {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Send exactly one file, in the multipart field "${field}".`, {
    errors: [{ field, reasons: ['must be the one file of the request'] }],
  });
}

function unreadable(error: unknown, field: string): ModerationError<string> {
  const message = error instanceof Error ? error.message : String(error);
  return new ModerationError(ModerationErrorCode.ValidationFailed, `The multipart body could not be read: ${message}`, {
    errors: [{ field: 'body', reasons: [`is not a readable multipart body (${message})`] }],
    field,
  });
}

/** REQUEST_ABORTED for an upload whose client hung up mid-body: nobody is left to answer, and it is no server error. */
export function aborted(): ModerationError<string> {
  return new ModerationError(ModerationErrorCode.RequestAborted, 'The client closed the connection before the upload arrived');
}

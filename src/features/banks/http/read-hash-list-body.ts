import type { Request, Response } from 'express';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { aborted, clientGone } from '../../../core/upload/read-multipart-file';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { HashListFormat } from '../transfer/hash-list';

/** The Content-Types a hash list is sent with, and the format each means unless `format` says otherwise. */
const LIST_TYPES: Readonly<Record<string, HashListFormat>> = { 'text/plain': 'text', 'text/csv': 'csv' };

/**
 * The hash list in a request body, as text (UTF-8; a byte-order mark is dropped later), and the
 * format its Content-Type implies. Refuses any other Content-Type (BANK_IMPORT_UNSUPPORTED_TYPE)
 * before reading, and a body over `maxBytes` (BANK_IMPORT_TOO_LARGE) as soon as it passes the
 * limit, or at once when it declares a larger length. A refusal that leaves part of the body
 * unread closes the connection after the answer.
 */
export async function readHashListBody(request: Request, response: Response, maxBytes: number): Promise<{ text: string; format: HashListFormat }> {
  try {
    const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    const format = LIST_TYPES[type];
    if (format === undefined) {
      throw new ModerationError(AppErrorCode.BankImportUnsupportedType, 'Send the hash list as text/plain (a hash per line) or text/csv', { contentType: type || null });
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
    return { text: new TextDecoder('utf-8').decode(await readAtMost(request, maxBytes)), format };
  } catch (error) {
    if (!request.complete) response.setHeader('Connection', 'close');
    if (error instanceof ModerationError) throw error;
    if (clientGone(request)) throw aborted();
    throw error;
  }
}

async function readAtMost(request: Request, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early must not destroy the request: its socket still carries the answer.
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) {
      request.pause();
      throw tooLarge(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(maxBytes: number): AppError {
  return new ModerationError(AppErrorCode.BankImportTooLarge, `The hash list is larger than the ${maxBytes} bytes one import accepts; split it`, { maxBytes });
}

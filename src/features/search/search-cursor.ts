import { createHash } from 'node:crypto';
import { validationError } from '../../shared/http/validation-error';

/** Where the next page of a search starts, and what it is a page of. */
export interface SearchCursor {
  /** Hits already returned. */
  readonly offset: number;
  /** The instant relative times (`7d`) were read against on the first page, so every page filters alike. */
  readonly nowMs: number;
  /** A digest of the query and filters the cursor was handed out for. */
  readonly fingerprint: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

/** A short digest of what a search asked for (not its page), to tie cursors to their search. */
export function searchFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** Opaque to callers: base64url of a small JSON array, as the decision list's cursors. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.offset, cursor.nowMs, cursor.fingerprint]), 'utf8').toString('base64url');
}

/** The cursor in `encoded`; VALIDATION_FAILED for one this API did not hand out, or handed out for another search. */
export function decodeSearchCursor(encoded: string, fingerprint: string): SearchCursor {
  const refuse = (reason: string): never => {
    throw validationError([{ field: 'cursor', reasons: [reason] }]);
  };
  let parsed: unknown;
  try {
    parsed = BASE64URL.test(encoded) ? JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return refuse('is not a cursor returned by this API');
  const [offset, nowMs, given] = parsed as unknown[];
  if (!Number.isSafeInteger(offset) || (offset as number) < 0 || !Number.isSafeInteger(nowMs) || typeof given !== 'string') return refuse('is not a cursor returned by this API');
  if (given !== fingerprint) return refuse('belongs to a search with another query or other filters');
  return { offset: offset as number, nowMs: nowMs as number, fingerprint };
}

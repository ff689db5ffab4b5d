import { ModerationError } from '../../engine/errors/moderation-error';
import { isUtcText } from './utc-text';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** The position after which the next page starts: the last decision already returned. */
export interface DecisionCursor {
  readonly createdAt: Date;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longer than any cursor we hand out; stops a huge query parameter being decoded at all. */
const MAX_CURSOR_LENGTH = 256;

/** True when `value` looks like the lowercase UUIDs the store generates. */
export function isDecisionId(value: string): boolean {
  return UUID.test(value);
}

/**
 * Opaque to callers (base64url of a small JSON array), so the ordering key can change later
 * without breaking clients that only pass cursors back.
 */
export function encodeDecisionCursor(cursor: DecisionCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id]), 'utf8').toString('base64url');
}

/** The position in `encoded`; throws ModerationError ValidationFailed for anything we did not hand out. */
export function decodeDecisionCursor(encoded: string): DecisionCursor {
  if (encoded.length > MAX_CURSOR_LENGTH || !BASE64URL.test(encoded)) throw malformedCursor('is not a cursor returned by this API');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw malformedCursor('is not a cursor returned by this API');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw malformedCursor('is not a cursor returned by this API');
  const [createdAt, id] = parsed as unknown[];
  // Exactly the stored text form, so the position compares with stored times as it was handed out.
  if (typeof createdAt !== 'string' || !isUtcText(createdAt)) {
    throw malformedCursor('has an invalid position');
  }
  if (typeof id !== 'string' || !isDecisionId(id)) throw malformedCursor('has an invalid position');
  return { createdAt: new Date(createdAt), id };
}

function malformedCursor(reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid cursor: it ${reason}`, {
    errors: [{ field: 'cursor', reasons: [reason] }],
  });
}

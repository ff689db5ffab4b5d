import type { Response } from 'express';
import { ModerationError } from '../../engine/errors/moderation-error';

/**
 * Sets `Retry-After` from a refusal that says when to come back (ENGINE_OVERLOADED carries
 * `details.retryAfterSeconds`), so clients and the SDK back off for as long as the server asks.
 */
export function setRetryAfter(response: Response, error: ModerationError<string>): void {
  const seconds = error.details.retryAfterSeconds;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && !response.headersSent) {
    response.setHeader('Retry-After', String(Math.ceil(seconds)));
  }
}

import { createHmac } from 'node:crypto';

/** Header names of every delivery (HTTP headers are case-insensitive; receivers see them lowercased). */
export const WEBHOOK_HEADERS = Object.freeze({
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
  signature: 'X-Moderation-Signature',
  /** The event name, e.g. `decision.created`. */
  event: 'X-Moderation-Event',
  /** The same for every attempt of one delivery, so a receiver can drop repeats. */
  delivery: 'X-Moderation-Delivery',
  /** The `x-request-id` of the API request that queued the job, to match the receiver's logs with ours (absent when unknown). */
  requestId: 'X-Moderation-Request-Id',
});

/**
 * The signature header value for `body` sent at `timestampSeconds`. The timestamp is signed with the
 * body, so a receiver that refuses old timestamps also refuses replays of captured deliveries.
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const hex = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${hex}`;
}

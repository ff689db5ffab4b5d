import { ModerationApiError, isModerationApiError } from './errors';
import type { ModerationResponse, WebhookRequest } from './express-request';
import { VerifyWebhookOptions, verifyWebhook } from './webhook';

/** Options of {@link verifyWebhookRequests}. */
export interface VerifyWebhookRequestsOptions extends VerifyWebhookOptions {
  /** The server's `MODERATION_WEBHOOK_SECRET`. */
  readonly secret: string;
  /** Largest body read, in bytes; a larger one answers 413 `WEBHOOK_BODY_TOO_LARGE`. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

/** Codes answered 401: the delivery cannot be shown to come from the server. */
const UNAUTHENTICATED = new Set(['WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_TIMESTAMP_STALE']);
const STATUS_BY_CODE: Readonly<Record<string, number>> = { WEBHOOK_BODY_TOO_LARGE: 413, WEBHOOK_BODY_INVALID: 400 };

/**
 * Express middleware for the webhook route: reads the raw body, checks its signature and age with
 * {@link verifyWebhook}, puts the typed event on `request.moderationEvent` and runs the next
 * handler. A missing, wrong or stale signature answers 401 JSON with code
 * `WEBHOOK_SIGNATURE_INVALID` or `WEBHOOK_TIMESTAMP_STALE`, so a forged delivery never reaches
 * the handler. Mount it before any JSON body parser (or after `express.raw()`): a signature covers
 * the bytes as sent, which a parsed body no longer has.
 *
 * @example
 * app.post('/moderation-events', verifyWebhookRequests({ secret }), (req, res) => { handle(req.moderationEvent!); res.sendStatus(204); });
 */
export function verifyWebhookRequests(options: VerifyWebhookRequestsOptions) {
  // An unset environment variable should stop the app at start, not refuse every delivery later.
  if (!options.secret) throw new TypeError('verifyWebhookRequests: `secret` is empty; pass the server\'s MODERATION_WEBHOOK_SECRET');
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return async (request: WebhookRequest, response: ModerationResponse, next: (error?: unknown) => void): Promise<void> => {
    try {
      const body = await rawBodyOf(request, maxBodyBytes);
      request.moderationEvent = await verifyWebhook(body, request.headers, options.secret, options);
    } catch (error) {
      if (!isModerationApiError(error)) {
        next(error);
        return;
      }
      const status = UNAUTHENTICATED.has(error.code) ? 401 : STATUS_BY_CODE[error.code];
      if (status === undefined) next(error);
      else response.status(status).json({ statusCode: status, code: error.code, message: error.message });
      return;
    }
    next();
  };
}

async function rawBodyOf(request: WebhookRequest, maxBodyBytes: number): Promise<Uint8Array | string> {
  if (request.body instanceof Uint8Array || typeof request.body === 'string') return request.body;
  if (request.readableEnded) {
    // A body parser consumed the stream: the bytes the signature covers are gone.
    throw new Error('verifyWebhookRequests: the body was already parsed; mount it before express.json() or after express.raw()');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > maxBodyBytes) {
      throw new ModerationApiError({ code: 'WEBHOOK_BODY_TOO_LARGE', status: 0, message: `The body is larger than ${maxBodyBytes} bytes` });
    }
    chunks.push(bytes);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

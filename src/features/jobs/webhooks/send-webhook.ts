import { WEBHOOK_HEADERS, signWebhook } from './webhook-signature';

/** One POST of a webhook. */
export interface WebhookRequest {
  readonly url: string;
  /** The JSON body, sent byte for byte as signed. */
  readonly body: string;
  readonly event: string;
  readonly deliveryId: string;
  /** The id of the API request that queued the job, when known. */
  readonly requestId?: string;
  readonly secret: string;
  readonly timeoutMs: number;
}

/** What one attempt came to. */
export interface WebhookAttemptResult {
  /** The receiver answered 2xx. */
  readonly delivered: boolean;
  /** A later attempt may succeed (no answer, 5xx, 408, 429); false when the receiver refused for good. */
  readonly retryable: boolean;
  /** The receiver's status; null when it did not answer. */
  readonly statusCode: number | null;
  /** Why it was not delivered; null when it was. */
  readonly error: string | null;
  readonly durationMs: number;
}

/** Statuses worth trying again: the receiver is busy or timed out, rather than refusing the content. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

/** Bytes of a receiver's answer read (then dropped), so a chatty receiver cannot hold a worker's memory. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs a signed webhook once. Never throws: every outcome comes back as a result, so the caller
 * can log the attempt before deciding to retry. Redirects are not followed (a redirect could lead
 * off the allow-list); they count as a refusal.
 */
export async function sendWebhook(request: WebhookRequest): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 100) / 100;
  // Signed at send time, so every attempt carries a fresh timestamp within receivers' tolerance.
  const signature = signWebhook(request.secret, request.body, Math.floor(Date.now() / 1000));
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'clip-moderation-webhooks/1',
        [WEBHOOK_HEADERS.signature]: signature,
        [WEBHOOK_HEADERS.event]: request.event,
        [WEBHOOK_HEADERS.delivery]: request.deliveryId,
        ...(request.requestId === undefined ? {} : { [WEBHOOK_HEADERS.requestId]: request.requestId }),
      },
    });
    await drain(response);
    const status = response.status;
    if (status >= 200 && status < 300) return { delivered: true, retryable: false, statusCode: status, error: null, durationMs: elapsed() };
    const retryable = status >= 500 || RETRYABLE_STATUSES.has(status);
    const reason = status >= 300 && status < 400 ? `the receiver redirected (${status}); redirects are not followed` : `the receiver answered ${status}`;
    return { delivered: false, retryable, statusCode: status, error: reason, durationMs: elapsed() };
  } catch (error) {
    return { delivered: false, retryable: true, statusCode: null, error: describeFetchError(error, request.timeoutMs), durationMs: elapsed() };
  }
}

async function drain(response: Response): Promise<void> {
  if (!response.body) return;
  let read = 0;
  const reader = response.body.getReader();
  try {
    while (read < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
  } catch {
    // The status is what counts; a body cut short changes nothing.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  // fetch wraps socket errors ("fetch failed") with the useful part in `cause`.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}

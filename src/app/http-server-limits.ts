import { Server } from 'node:http';
import { Duplex } from 'node:stream';

/** How long a client may take over its request, before the server gives up on it. */
export interface HttpServerLimits {
  /** From connection to the end of the request headers (`MODERATION_HEADERS_TIMEOUT_MS`). Default 10 s. */
  readonly headersTimeoutMs: number;
  /** From connection to the end of the whole request, body included (`MODERATION_REQUEST_TIMEOUT_MS`). Default 60 s. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_HTTP_SERVER_LIMITS: HttpServerLimits = Object.freeze({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 });

/** How often the timeouts are checked. */
const CHECK_INTERVAL_MS = 1_000;

/** How long a refused client may keep sending after its answer before the connection is cut. */
const LINGER_MS = 2_000;

/** Node's parser errors and what each is answered with, in the API's error shape. */
const CLIENT_ERRORS: Readonly<Record<string, { status: number; reason: string; code: string; message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'REQUEST_HEADERS_TOO_LARGE', message: 'The request headers are larger than the server accepts.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time.' },
  HPE_HEADERS_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'The request headers did not arrive in time.' },
};

/**
 * Applies the timeouts, and answers requests Node's parser refuses before any route sees them (too
 * large headers 431, too slow 408, unparseable 400) with the API's error body. Node's own handler
 * answers too, but closes the socket at once: with the rest of an oversized header still unread,
 * the client then gets a connection reset instead of the 431. This one half-closes and lets the
 * client finish sending (briefly) so the answer arrives.
 */
export function applyHttpServerLimits(server: Server, limits: HttpServerLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  // Node refuses a headers timeout longer than the request timeout.
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  // Node checks both only this often (30 s by default, read when the server starts listening), so
  // a 10 s limit could otherwise take 40 s to apply.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = CHECK_INTERVAL_MS;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERRORS[error.code ?? ''];
    const answer = known ?? { status: 400, reason: 'Bad Request', code: 'BAD_REQUEST', message: 'The request could not be parsed.' };
    const body = JSON.stringify({ statusCode: answer.status, code: answer.code, message: answer.message });
    socket.end(`HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    // Read and drop what the client still sends, so closing does not reset the connection under it.
    socket.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

import type { Request, Response } from 'express';
import type { LevelWithSilent } from 'pino';
import type { Options } from 'pino-http';
import { AuthenticatedRequest } from '../../features/access';
import { answeredErrorOf } from '../../shared/http/answered-error';
import { matchedRouteOf } from '../../shared/http/matched-route';
import { assignRequestId } from '../../shared/http/request-id.middleware';

/** The fields of one access line (the request id comes from the request's logger). */
export interface AccessLine {
  readonly method: string;
  /** The route's template (`/v1/jobs/:id`), so ids stay out of the line; null when no route matched. */
  readonly route: string | null;
  /** The path asked for, only when no route matched (a 404 or a refusal before routing). */
  readonly path?: string;
  readonly status: number;
  readonly latencyMs: number;
  /** The API key's id (never its secret); null without a key, and while auth is disabled. */
  readonly keyId: string | null;
  /** The stable code and the message of an error answer, as the caller got them. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** The client hung up before the answer was complete. */
  readonly aborted?: true;
}

const CLIENT_CLOSED_REQUEST = 499;

/** Probes that call every few seconds; their successes are logged at debug, not info. */
const HEALTH_PROBES = /^\/health\/(live|ready)$/;

/**
 * pino-http options for one access line per request, written when the answer ends: at info, at
 * warn for an expected 503 (overloaded engine, dependency down), at error only for a failure
 * nobody planned for (the error filter logs its stack on a line of its own). No headers, bodies or
 * query strings are logged, so neither an API key nor an image can end up in the log.
 */
export function accessLogOptions(): Options<Request, Response> {
  return {
    genReqId: (request, response) => assignRequestId(request, response),
    customAttributeKeys: { reqId: 'requestId' },
    // Every line logged while a request is handled carries its id, and nothing else of it.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: accessLevel,
    customSuccessObject: (request, response, value: { responseTime: number }) => accessLine(request, response, value.responseTime),
    customErrorObject: (request, response, _error, value: { responseTime: number }) => accessLine(request, response, value.responseTime),
    customSuccessMessage: (request, response) => accessMessage(request, response),
    customErrorMessage: (request, response) => accessMessage(request, response),
  };
}

function accessLevel(request: Request, response: Response, error?: Error): LevelWithSilent {
  const answered = answeredErrorOf(response);
  const status = statusOf(response);
  if (status >= 500) return answered?.expected ? 'warn' : 'error';
  // The response stream failed (a socket error while writing): worth a look, not an alarm.
  if (error !== undefined && answered === undefined && response.writableFinished) return 'warn';
  if (status < 400 && HEALTH_PROBES.test(request.path)) return 'debug';
  return 'info';
}

/** The access line's fields for an answered (or abandoned) request. */
export function accessLine(request: Request, response: Response, latencyMs: number): AccessLine {
  const route = matchedRouteOf(request);
  const principal = (request as AuthenticatedRequest).principal;
  const answered = answeredErrorOf(response);
  return {
    method: request.method,
    route,
    ...(route === null ? { path: request.path } : {}),
    status: statusOf(response),
    latencyMs,
    keyId: principal !== undefined && !principal.authDisabled ? principal.keyId : null,
    ...(answered ? { errorCode: answered.code, errorMessage: answered.message } : {}),
    ...(response.writableFinished ? {} : { aborted: true as const }),
  };
}

function accessMessage(request: Request, response: Response): string {
  return `${request.method} ${matchedRouteOf(request) ?? request.path} ${statusOf(response)}`;
}

/** The status the client got; 499 (as nginx logs it) when it hung up before any answer was sent. */
function statusOf(response: Response): number {
  return response.headersSent || response.writableFinished ? response.statusCode : CLIENT_CLOSED_REQUEST;
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** Header carrying the request id, in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTABLE_ID = /^[\w.:-]{1,100}$/;

/**
 * Gives every request an id (the caller's, when it sent a sane one) and echoes it back, so an error
 * body and a log line can be matched.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  assignRequestId(request, response);
  next();
}

/** The id given to the request that `response` answers, if it has one. */
export function requestIdOf(response: ServerResponse): string | undefined {
  const id = response.getHeader(REQUEST_ID_HEADER);
  return typeof id === 'string' ? id : undefined;
}

/**
 * The request's id, set on the response the first time it is asked for (by the access log, which
 * runs first, or by the middleware above), so every part of the server sees the same one.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const assigned = response.getHeader(REQUEST_ID_HEADER);
  if (typeof assigned === 'string') return assigned;
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

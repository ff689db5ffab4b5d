import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Header carrying the request id, in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTABLE_ID = /^[\w.:-]{1,100}$/;

/**
 * Gives every request an id (the caller's, when it sent a sane one) and echoes it back, so an error
 * body and a log line can be matched.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  next();
}

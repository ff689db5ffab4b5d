import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Response } from 'express';
import { REQUEST_ID_HEADER } from '../../../shared/http/request-id.middleware';
import { AuthenticatedRequest, RequestActor } from './principal';

/**
 * The caller of a route guarded by `@Roles`: its principal (from the API key, never from the
 * request body) and the request id. Using it on a public route is a programming error.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): RequestActor => {
  const http = context.switchToHttp();
  const principal = http.getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentActor used on a route without @Roles: the guard set no principal');
  const requestId = http.getResponse<Response>().getHeader(REQUEST_ID_HEADER);
  return { principal, requestId: typeof requestId === 'string' ? requestId : null };
});

import { createHash, timingSafeEqual } from 'node:crypto';
import { ModerationError } from '../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';

/** `WWW-Authenticate` of a refused scrape. */
export const METRICS_CHALLENGE = 'Bearer realm="clip-moderation-metrics"';

/**
 * Why a scrape with this `Authorization` header is refused (401 AUTH_REQUIRED without a bearer
 * token, 401 AUTH_INVALID_KEY with another one), or null when it may read the metrics: always,
 * when no token is configured. Compared in constant time, over digests so length leaks nothing.
 */
export function metricsRefusal(authorization: string | undefined, token: string | undefined): AppError | null {
  if (token === undefined) return null;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) {
    return new ModerationError(AppErrorCode.AuthRequired, 'Send the metrics token: Authorization: Bearer <MODERATION_METRICS_TOKEN>.');
  }
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  if (!timingSafeEqual(digest(presented), digest(token))) {
    return new ModerationError(AppErrorCode.AuthInvalidKey, 'The metrics token is wrong.');
  }
  return null;
}

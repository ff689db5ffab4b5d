import type { Request } from 'express';

/**
 * The template of the controller route that matched the request (`/v1/jobs/:id`), or null when none
 * did. Nest mounts route-bound middleware (the request logger, metrics) as wildcard routes
 * (`{*path}`), which Express leaves on a request no controller matched: those are not its route.
 */
export function matchedRouteOf(request: Request): string | null {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*') ? `${request.baseUrl}${path}` : null;
}

import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { matchedRouteOf } from '../../shared/http/matched-route';
import { HttpRequestMetrics } from './http-request-metrics';

/** The route label of a request no route matched (a 404, or a refusal before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request and counts it once its answer is finished, with the template of the route
 * that served it (read then, since routing happens after this middleware; the access log reads
 * the same template).
 */
@Injectable()
export class HttpRequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpRequestMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.answered({ method: request.method, route: matchedRouteOf(request) ?? UNMATCHED_ROUTE, status: String(response.statusCode) }, seconds);
    });
    next();
  }
}

import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics-registry';

/** Request latency, in seconds: 5 ms to a minute (uploads of large images over slow links). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The labels of one answered request. */
export interface AnsweredRequest {
  readonly method: string;
  /** The route template (`/v1/decisions/:id`), never the raw path, so ids never become label values. */
  readonly route: string;
  readonly status: string;
}

/** The HTTP families: requests answered, and their latency, by method, route template and status. */
@Injectable()
export class HttpRequestMetrics {
  private readonly requests: Counter<keyof AnsweredRequest>;
  private readonly latency: Histogram<keyof AnsweredRequest>;

  constructor(metrics: MetricsRegistry) {
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = new Counter({ name: 'moderation_http_requests_total', help: 'HTTP requests answered, by method, route template and status.', labelNames, registers: [metrics.registry] });
    this.latency = new Histogram({
      name: 'moderation_http_request_duration_seconds',
      help: 'Time from the start of a request to the end of its answer, by method, route template and status.',
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers: [metrics.registry],
    });
  }

  /** Counts one answered request that took `seconds`. */
  answered(request: AnsweredRequest, seconds: number): void {
    this.requests.inc({ ...request });
    this.latency.observe({ ...request }, seconds);
  }
}

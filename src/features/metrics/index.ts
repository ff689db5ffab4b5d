/** Prometheus metrics: `GET /metrics` on the server, a listener of its own in the worker. */
export { MetricsHttpModule } from './metrics-http.module';
export { WorkerMetricsModule } from './worker-metrics.module';
export { METRICS_OPTIONS } from './metrics-options';
export type { MetricsOptions } from './metrics-options';
export { MetricsListener } from './metrics-listener';
export type { MetricsListenerOptions } from './metrics-listener';
export { METRICS_CHALLENGE, metricsRefusal } from './metrics-token';

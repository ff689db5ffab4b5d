import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics: a registry of its own (never prom-client's global one, so an
 * app embedding the module keeps its metrics apart), which the core and the features add their
 * families to as they start. The server serves it at `/metrics`, the worker on its own port
 * (README: Metrics); an embedding app may serve or merge `registry` itself.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private processMetrics = false;

  /**
   * Adds Node's process metrics (CPU, memory, event-loop lag, garbage collection, handles), once.
   * Left to whatever serves the registry: an app embedding the module may collect them already.
   */
  includeProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The media type of {@link render}'s text (the Prometheus text format, version 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every family in the Prometheus text format; reads what is read at scrape time first. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

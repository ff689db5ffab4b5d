import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { MetricsRegistry } from '../../core/metrics/metrics-registry';
import { ErrorBody } from '../../shared/http/error-body';
import { httpStatusOf } from '../../shared/http/moderation-http-status';
import { METRICS_CHALLENGE, metricsRefusal } from './metrics-token';

/** Where a process without an HTTP API (the worker) serves its metrics. */
export interface MetricsListenerOptions {
  readonly port: number;
  /** Default `0.0.0.0`. */
  readonly host?: string;
  /** As {@link MetricsOptions.token}. */
  readonly token?: string;
}

/**
 * A bare HTTP listener serving `GET /metrics` (and nothing else) from a registry, with the same
 * token rule as the server's route: the worker has no HTTP API to put the route in, and Nest's
 * whole HTTP stack would be a lot to carry for one read-only page.
 */
export class MetricsListener {
  private server: Server | undefined;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly options: MetricsListenerOptions,
  ) {}

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    const server = createServer((request, response) => void this.answer(request, response));
    // Scrapers keep connections open; they must not hold the worker's shutdown.
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** Stops listening and closes open connections. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') return sendError(response, 404, 'NOT_FOUND', 'Only GET /metrics is served here.');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Use GET /metrics.');
    }
    const refusal = metricsRefusal(request.headers.authorization, this.options.token);
    if (refusal) {
      response.setHeader('WWW-Authenticate', METRICS_CHALLENGE);
      return sendError(response, httpStatusOf(refusal.code), refusal.code, refusal.message);
    }
    try {
      const text = await this.metrics.render();
      response.writeHead(200, { 'Content-Type': this.metrics.contentType, 'Cache-Control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text);
    } catch (error) {
      sendError(response, 500, 'INTERNAL_ERROR', `The metrics could not be collected: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function sendError(response: ServerResponse, statusCode: number, code: string, message: string): void {
  const body: ErrorBody = { statusCode, code, message };
  response.writeHead(statusCode, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

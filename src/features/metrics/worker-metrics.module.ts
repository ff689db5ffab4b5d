import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '../../core/metrics/metrics-registry';
import { MetricsListener, MetricsListenerOptions } from './metrics-listener';

const LISTENER_OPTIONS = Symbol('METRICS_LISTENER_OPTIONS');

/** Serves the registry on its own port from the start of the app to its shutdown. */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private readonly listener: MetricsListener;

  constructor(metrics: MetricsRegistry, @Inject(LISTENER_OPTIONS) private readonly options: MetricsListenerOptions) {
    metrics.includeProcessMetrics();
    this.listener = new MetricsListener(metrics, options);
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = await this.listener.listen();
    this.logger.log(`metrics at http://${this.options.host ?? '0.0.0.0'}:${port}/metrics${this.options.token ? ' (token required)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }
}

/**
 * The worker's metrics (`MODERATION_WORKER_METRICS_PORT`): the same registry as a server's (engine,
 * jobs, webhooks, decisions, database, Redis and the process), on a port of its own.
 */
@Module({})
export class WorkerMetricsModule {
  static forRoot(options: MetricsListenerOptions): DynamicModule {
    return { module: WorkerMetricsModule, providers: [{ provide: LISTENER_OPTIONS, useValue: options }, WorkerMetricsServer] };
  }
}

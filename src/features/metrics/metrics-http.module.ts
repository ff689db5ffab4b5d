import { DynamicModule, MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { MetricsRegistry } from '../../core/metrics/metrics-registry';
import { HttpRequestMetrics } from './http-request-metrics';
import { HttpRequestMetricsMiddleware } from './http-request-metrics.middleware';
import { MetricsController } from './http/metrics.controller';
import { METRICS_OPTIONS, MetricsOptions } from './metrics-options';

/**
 * The server's metrics: `GET /metrics` (the registry the core and the features fill, with the
 * process metrics added) and the HTTP request families, counted for every route of the app.
 * Needs ModerationModule; the server adds it (an embedding app may, or may serve the registry itself).
 */
@Module({})
export class MetricsHttpModule implements NestModule, OnModuleInit {
  constructor(private readonly metrics: MetricsRegistry) {}

  static forRoot(options: MetricsOptions = {}): DynamicModule {
    return {
      module: MetricsHttpModule,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_OPTIONS, useValue: options }, HttpRequestMetrics],
    };
  }

  onModuleInit(): void {
    this.metrics.includeProcessMetrics();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpRequestMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

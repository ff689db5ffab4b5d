import { DynamicModule, Module } from '@nestjs/common';
import { ModerationHttpModule } from './moderation-http.module';
import { ModerationModule } from './moderation.module';
import { queueModulesForEnvironment } from './queue-modules-for-environment';
import { moduleOptionsFromEnvironment } from './module-options-from-environment';
import { Environment } from '../config/environment';
import { MetricsHttpModule } from '../features/metrics';

/** The standalone server: the moderation module, configured from the environment, plus the HTTP API (and the queue with Redis). */
@Module({})
export class AppModule {
  /** The server's module tree for a validated environment; `logging` is nestjs-pino's module of the process, when it logs with pino. */
  static forEnvironment(env: Environment, logging?: DynamicModule): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ModerationModule.forRootAsync({ isGlobal: true, useFactory: () => moduleOptionsFromEnvironment(env) }),
        ModerationHttpModule,
        // Prometheus at /metrics, outside the API keys (behind MODERATION_METRICS_TOKEN when set).
        MetricsHttpModule.forRoot({ token: env.MODERATION_METRICS_TOKEN }),
        // Asynchronous moderation, when REDIS_URL is set.
        ...queueModulesForEnvironment(env),
        ...(logging ? [logging] : []),
      ],
    };
  }
}

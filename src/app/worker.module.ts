import { DynamicModule, Module } from '@nestjs/common';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { ModerationModule } from './moderation.module';
import { moduleOptionsFromEnvironment } from './module-options-from-environment';
import { Environment } from '../config/environment';
import { ModerationQueueModule } from '../features/jobs/queue/moderation-queue.module';
import { queueOptionsFromEnvironment } from '../features/jobs/queue/queue-options-from-environment';
import { WorkerMetricsModule } from '../features/metrics';

/**
 * The worker process (`npm run worker`): the moderation module and the queue processors, without
 * the HTTP API. It reads the server's variables, so a worker and the server it serves are
 * configured alike (model, policies, database, queue); it always runs the processors.
 */
@Module({})
export class WorkerModule {
  /** The worker's module tree; CONFIG_INVALID without `REDIS_URL`. `logging` is nestjs-pino's module of the process. */
  static forEnvironment(env: Environment, logging?: DynamicModule): DynamicModule {
    const queue = queueOptionsFromEnvironment(env, { runProcessors: true });
    if (!queue) {
      throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Invalid configuration: REDIS_URL is required for the worker (it takes its jobs from Redis)', {
        problems: [{ key: 'REDIS_URL', value: undefined, reasons: ['is required for the worker'] }],
      });
    }
    return {
      module: WorkerModule,
      imports: [
        ModerationModule.forRootAsync({ isGlobal: true, useFactory: () => moduleOptionsFromEnvironment(env) }),
        ModerationQueueModule.forRoot(queue),
        // Prometheus on a port of its own, when MODERATION_WORKER_METRICS_PORT is set.
        ...(env.MODERATION_WORKER_METRICS_PORT === undefined
          ? []
          : [WorkerMetricsModule.forRoot({ port: env.MODERATION_WORKER_METRICS_PORT, host: env.HOST, token: env.MODERATION_METRICS_TOKEN })]),
        ...(logging ? [logging] : []),
      ],
    };
  }
}

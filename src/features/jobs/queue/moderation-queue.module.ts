import { DynamicModule, Module } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bull';
import { CallbackUrlPolicy } from '../webhooks/callback-url-policy';
import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { WebhookDeliveryProcessor } from '../webhooks/webhook-delivery.processor';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { ModerationJobQueue } from './moderation-job-queue';
import { ModerationJobProcessor } from './moderation-job.processor';
import { ModerationQueueOptions, ResolvedQueueOptions, resolveQueueOptions } from './moderation-queue-options';
import { DependencyOutage } from './dependency-outage';
import { JOB_BACKOFF, jobBackoff } from './job-backoff';
import { JobLogContext } from './job-log-context';
import { QueueLifecycle } from './queue-lifecycle';
import { JobMetrics } from './job-metrics';
import { BULL_CONFIG_KEY, MODERATION_QUEUE, WEBHOOK_QUEUE } from './queue-names';
import { MODERATION_QUEUE_OPTIONS, UPLOAD_STORE } from './queue.tokens';
import { JOB_SUBMISSION } from '../../../core/jobs/job-submission';
import { uploadStoreProvider } from './upload-store-provider';
import { UploadSweep } from './upload-sweep';
import { repositoryProvider } from '../../../core/repository-provider';

/**
 * Asynchronous moderation on Bull and Redis: the moderation and webhook queues, the job API behind
 * {@link ModerationJobQueue} (and the core's JOB_SUBMISSION), and (unless `runProcessors` is false) the processors. Needs
 * {@link ModerationModule} registered globally; registers itself globally so that
 * {@link ModerationService.enqueue} and the HTTP controllers find the queue.
 *
 * @example
 * ModerationQueueModule.forRoot({ redisUrl: 'redis://127.0.0.1:6379', runProcessors: false })
 */
@Module({})
export class ModerationQueueModule {
  /** Configures the queues; every option but `redisUrl` has a default. */
  static forRoot(options: ModerationQueueOptions): DynamicModule {
    const resolved = resolveQueueOptions(options);
    return {
      module: ModerationQueueModule,
      global: true,
      imports: [
        BullModule.forRoot(BULL_CONFIG_KEY, {
          url: resolved.redisUrl,
          prefix: resolved.prefix,
          settings: {
            lockDuration: resolved.lockMs,
            lockRenewTime: Math.max(50, Math.floor(resolved.lockMs / 2)),
            stalledInterval: resolved.stalledIntervalMs,
            backoffStrategies: { [JOB_BACKOFF]: jobBackoff },
          },
        }),
        BullModule.registerQueue({ name: MODERATION_QUEUE, configKey: BULL_CONFIG_KEY }, { name: WEBHOOK_QUEUE, configKey: BULL_CONFIG_KEY }),
      ],
      providers: [
        { provide: MODERATION_QUEUE_OPTIONS, useValue: resolved },
        uploadStoreProvider(UPLOAD_STORE, getQueueToken(MODERATION_QUEUE), MODERATION_QUEUE_OPTIONS),
        UploadSweep,
        repositoryProvider(WebhookDeliveryRepository),
        { provide: CallbackUrlPolicy, useFactory: (queueOptions: ResolvedQueueOptions) => new CallbackUrlPolicy(queueOptions.webhooks.allowedHosts), inject: [MODERATION_QUEUE_OPTIONS] },
        WebhookDispatcher,
        DependencyOutage,
        ModerationJobProcessor,
        WebhookDeliveryProcessor,
        ModerationJobQueue,
        { provide: JOB_SUBMISSION, useExisting: ModerationJobQueue },
        JobLogContext,
        QueueLifecycle,
        JobMetrics,
      ],
      exports: [ModerationJobQueue, JOB_SUBMISSION, MODERATION_QUEUE_OPTIONS],
    };
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { WebhookDeliveryProcessor } from '../webhooks/webhook-delivery.processor';
import { WebhookJobData } from '../webhooks/webhook-job.types';
import { ModerationJobProcessor } from './moderation-job.processor';
import { ModerationJobData } from './moderation-job.types';
import { ResolvedQueueOptions } from './moderation-queue-options';
import { MODERATION_QUEUE, WEBHOOK_QUEUE } from './queue-names';
import { MODERATION_QUEUE_OPTIONS } from './queue.tokens';

/** Webhook deliveries at once per process: they wait on the network, not the CPU. */
export const WEBHOOK_CONCURRENCY = 16;

/**
 * Starts and stops the processors. They are registered with `queue.process()` rather than
 * @nestjs/bull's `@Process()` decorator because their concurrency is configuration
 * (`MODERATION_WORKER_CONCURRENCY`), and a decorator's options are fixed when the class is defined.
 *
 * Stopping: at module destroy (before the engine and the database close) each queue stops taking
 * jobs and waits for the ones under way, moderation first, since finishing a moderation job queues
 * its webhooks. Past `shutdownTimeoutMs` the process lets go: the unfinished jobs' locks lapse and
 * another worker runs them again.
 */
@Injectable()
export class QueueLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ModerationQueue');

  constructor(
    @InjectQueue(MODERATION_QUEUE) private readonly moderationQueue: Queue<ModerationJobData>,
    @InjectQueue(WEBHOOK_QUEUE) private readonly webhookQueue: Queue<WebhookJobData>,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
    private readonly moderationProcessor: ModerationJobProcessor,
    private readonly webhookProcessor: WebhookDeliveryProcessor,
  ) {
    // An EventEmitter 'error' without a listener would crash the process; a Redis outage must not.
    for (const queue of [moderationQueue, webhookQueue]) {
      queue.on('error', (error: Error) => this.logger.error(`queue ${queue.name}: ${error.message}`));
    }
  }

  onApplicationBootstrap(): void {
    if (!this.options.runProcessors) return;
    this.start(this.moderationQueue, this.options.concurrency, (job) => this.moderationProcessor.process(job));
    this.start(this.webhookQueue, WEBHOOK_CONCURRENCY, (job) => this.webhookProcessor.process(job));
    this.logger.log(`processing jobs: ${this.options.concurrency} at once (queue prefix ${this.options.prefix})`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop(this.moderationQueue);
    await this.stop(this.webhookQueue);
  }

  private start<T>(queue: Queue<T>, concurrency: number, handler: (job: Job<T>) => Promise<unknown>): void {
    // process() resolves only when the queue closes; a failure to start is logged, not thrown.
    queue.process(concurrency, handler).catch((error: unknown) => {
      this.logger.error(`queue ${queue.name} stopped processing: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async stop(queue: Queue): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), this.options.shutdownTimeoutMs);
    });
    // A local pause takes no new jobs and resolves once the jobs under way have finished.
    const finished = queue.pause(true).then(
      () => false as const,
      () => false as const,
    );
    const gaveUp = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (gaveUp) this.logger.warn(`queue ${queue.name}: jobs still running after ${this.options.shutdownTimeoutMs} ms; leaving them to other workers`);
    await queue.close(gaveUp).catch((error: unknown) => this.logger.warn(`queue ${queue.name} did not close cleanly: ${String(error)}`));
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { WebhookDeliveryProcessor } from '../webhooks/webhook-delivery.processor';
import { WebhookJobData } from '../webhooks/webhook-job.types';
import { JobLogContext } from './job-log-context';
import { ModerationJobProcessor } from './moderation-job.processor';
import { ModerationJobData } from './moderation-job.types';
import { ResolvedQueueOptions } from './moderation-queue-options';
import { MODERATION_QUEUE, WEBHOOK_QUEUE } from './queue-names';
import { MODERATION_QUEUE_OPTIONS } from './queue.tokens';

/** Bull's Job has this method (lib/job.js); its type definitions leave it out. */
interface DelayableJob extends Job {
  moveToDelayed(timestamp: number, ignoreLock?: boolean): Promise<void>;
}

/** Webhook deliveries at once per process: they wait on the network, not the CPU. */
export const WEBHOOK_CONCURRENCY = 16;

/**
 * Starts and stops the processors. They are registered with `queue.process()` rather than
 * @nestjs/bull's `@Process()` decorator because their concurrency is configuration
 * (`MODERATION_WORKER_CONCURRENCY`), and a decorator's options are fixed when the class is defined.
 *
 * Stopping: at module destroy (before the engine and the database close) each queue stops taking
 * jobs and waits for the ones under way, moderation first, since finishing a moderation job queues
 * its webhooks. Past `shutdownTimeoutMs` the process hands the unfinished jobs back to the queue
 * (active → delayed until now, with its own lock: no attempt used, not counted as stalled), where
 * another worker takes them at once.
 */
@Injectable()
export class QueueLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ModerationQueue');
  /** The jobs this process runs now, per queue, to hand back when it stops before they finish. */
  private readonly running = new Map<string, Set<Job>>();

  constructor(
    @InjectQueue(MODERATION_QUEUE) private readonly moderationQueue: Queue<ModerationJobData>,
    @InjectQueue(WEBHOOK_QUEUE) private readonly webhookQueue: Queue<WebhookJobData>,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
    private readonly moderationProcessor: ModerationJobProcessor,
    private readonly webhookProcessor: WebhookDeliveryProcessor,
    private readonly logContext: JobLogContext,
  ) {
    // An EventEmitter 'error' without a listener would crash the process; a Redis outage must not.
    for (const queue of [moderationQueue, webhookQueue]) {
      queue.on('error', (error: Error) => this.logger.error(`queue ${queue.name}: ${error.message}`));
    }
  }

  onApplicationBootstrap(): void {
    if (!this.options.runProcessors) return;
    // Each job's lines carry the id of the request that queued it, so one grep follows an upload
    // from the API through the worker to its webhooks.
    this.start(this.moderationQueue, this.options.concurrency, (job) =>
      this.logContext.run({ requestId: job.data.requestId, jobId: String(job.id) }, () => this.moderationProcessor.process(job)),
    );
    this.start(this.webhookQueue, WEBHOOK_CONCURRENCY, (job) =>
      this.logContext.run({ requestId: job.data.requestId, jobId: job.data.jobId, deliveryId: String(job.id) }, () => this.webhookProcessor.process(job)),
    );
    this.logger.log(`processing jobs: ${this.options.concurrency} at once (queue prefix ${this.options.prefix})`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop(this.moderationQueue);
    await this.stop(this.webhookQueue);
  }

  private start<T>(queue: Queue<T>, concurrency: number, handler: (job: Job<T>) => Promise<unknown>): void {
    // process() resolves only when the queue closes; a failure to start is logged, not thrown.
    const running = new Set<Job>();
    this.running.set(queue.name, running);
    const tracked = (job: Job<T>): Promise<unknown> => {
      running.add(job);
      return handler(job).finally(() => running.delete(job));
    };
    queue.process(concurrency, tracked).catch((error: unknown) => {
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
    if (gaveUp) await this.handBack(queue);
    await queue.close(gaveUp).catch((error: unknown) => this.logger.warn(`queue ${queue.name} did not close cleanly: ${String(error)}`));
  }

  /** Puts the jobs this process still runs back in the queue, for another worker to take now. */
  private async handBack(queue: Queue): Promise<void> {
    const jobs = [...(this.running.get(queue.name) ?? [])];
    const handedBack = await Promise.all(
      jobs.map((job) =>
        (job as DelayableJob).moveToDelayed(Date.now(), false).then(
          () => true,
          // Its lock had lapsed and the stalled-job check gave it to another worker already.
          () => false,
        ),
      ),
    );
    const count = handedBack.filter(Boolean).length;
    this.logger.warn(`queue ${queue.name}: ${jobs.length} job(s) still running after ${this.options.shutdownTimeoutMs} ms; ${count} handed back to the queue`);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, JobCounts, Queue } from 'bull';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../../core/metrics/metrics-registry';
import { ScrapeRead } from '../../../core/metrics/scrape-read';
import { WebhookAttemptOutcome } from '../../../database/entities/webhook-delivery.entity';
import { MODERATION_QUEUE, WEBHOOK_QUEUE } from './queue-names';
import { whenConnected } from './queue-timeout';

/** Enqueue to done, in seconds: 50 ms to an hour (jobs wait out outages and retries). */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** A scrape waits this long for Redis (no longer than a connecting client's first moments), and reuses an answer this recent. */
const COUNTS_READ = { timeoutMs: 1000, ttlMs: 2000 };

/** Job counts per queue, as Redis holds them for every process. */
type QueueJobCounts = ReadonlyMap<string, JobCounts & { paused: number }>;

/**
 * The queue's families. Job counts and Redis availability are read from Redis at scrape time (so
 * every process reports the same cluster-wide counts; a Redis outage makes `moderation_redis_up`
 * 0 and leaves the counts out, it never holds the scrape); job latency and webhook deliveries are
 * counted by the process that ran the job, so summing over processes counts each job once.
 */
@Injectable()
export class JobMetrics {
  private readonly deliveries: Counter<'outcome'>;

  constructor(
    @InjectQueue(MODERATION_QUEUE) moderationQueue: Queue,
    @InjectQueue(WEBHOOK_QUEUE) webhookQueue: Queue,
    metrics: MetricsRegistry,
  ) {
    const registers = [metrics.registry];
    const queues = [moderationQueue, webhookQueue];
    const counts = new ScrapeRead<QueueJobCounts>(() => readCounts(queues), COUNTS_READ);
    new Gauge({
      name: 'moderation_queue_jobs',
      help: 'Jobs in each state, per queue, as Redis holds them for every process (completed and failed ones only for their retention time).',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        const read = await counts.get();
        this.reset();
        for (const [queue, byState] of read ?? []) {
          for (const [state, value] of Object.entries(byState)) this.set({ queue, state }, value);
        }
      },
    });
    new Gauge({
      name: 'moderation_redis_up',
      help: 'Whether Redis (the job queue) answered within 1 s (1) or not (0).',
      registers,
      async collect() {
        this.set((await counts.get()) === null ? 0 : 1);
      },
    });
    const latency = new Histogram({
      name: 'moderation_job_latency_seconds',
      help: 'Time from enqueue to completion of the jobs this process completed (retries and waits included), per queue.',
      labelNames: ['queue'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.deliveries = new Counter({
      name: 'moderation_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome: delivered, retrying (another attempt will follow) or failed (no attempt left, or refused for good).',
      labelNames: ['outcome'] as const,
      registers,
    });
    for (const queue of queues) {
      // Local events: only the process that ran the job hears it, so each job is observed once.
      queue.on('completed', (job: Job) => latency.observe({ queue: queue.name }, Math.max(0, (job.finishedOn ?? Date.now()) - job.timestamp) / 1000));
    }
  }

  /** Counts one webhook delivery attempt. */
  webhookAttempted(outcome: WebhookAttemptOutcome): void {
    this.deliveries.inc({ outcome });
  }
}

async function readCounts(queues: readonly Queue[]): Promise<QueueJobCounts> {
  // A disconnected client would queue the commands until Redis returns; refuse at once instead.
  for (const queue of queues) await whenConnected(queue.client, 'metrics', 500);
  const read = await Promise.all(queues.map(async (queue) => [queue.name, { ...(await queue.getJobCounts()), paused: await queue.getPausedCount() }] as const));
  return new Map(read);
}

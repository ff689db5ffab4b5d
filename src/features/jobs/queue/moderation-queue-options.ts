import { DEFAULT_BATCHING } from '../../../engine/engine-options';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookOptions } from '../webhooks/webhook-options';
import { DEFAULT_QUEUE_PREFIX } from './queue-names';
import { UploadStoreKind } from '../../../config/storage-environment';

/** Options of {@link ModerationQueueModule}: where the queue lives and how jobs are run and retried. */
export interface ModerationQueueOptions {
  /** `redis://…` or `rediss://…`. */
  readonly redisUrl: string;
  /** Prefix of every Redis key. Default `clip-moderation`. */
  readonly prefix?: string;
  /** Run jobs in this process. True in workers; the server's `MODERATION_QUEUE_PROCESSORS`. Default true. */
  readonly runProcessors?: boolean;
  /** Moderation jobs run at once in this process. Default 8 (the default batch size). */
  readonly concurrency?: number;
  /** Attempts per moderation job, the first included. Default 3. */
  readonly attempts?: number;
  /** First retry delay of a moderation job, doubling after. Default 1000 ms. */
  readonly backoffMs?: number;
  /** How long done jobs are kept. Default 86400 s. */
  readonly retentionSeconds?: number;
  /** How long failed jobs and their uploads are kept. Default 604800 s. */
  readonly failedRetentionSeconds?: number;
  /** A worker's lock on a job (renewed at half this while the worker lives). Default 30000 ms. */
  readonly lockMs?: number;
  /** How often workers look for jobs whose lock lapsed. Default 30000 ms. */
  readonly stalledIntervalMs?: number;
  /** Longest wait for jobs under way when the process stops; then they go back to the queue. Default 25000 ms. */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long a job waits out an outage of the database or the image store (back in the queue, no
   * attempt used) before such failures count as attempts. Default 600000 ms (10 minutes).
   */
  readonly outageWindowMs?: number;
  /**
   * Where uploads wait for their job: `redis` (default) or `images`, the image store's uploads area
   * (needs ModerationModule's image store; shared across machines when that store is).
   */
  readonly uploadStore?: UploadStoreKind;
  /** Webhook allow-list, per-source URLs, secret and retries. */
  readonly webhooks?: Partial<WebhookOptions>;
  /** FOR TESTS ONLY: a pause before each job is scored, so a test can kill a worker mid-job. Default 0. */
  readonly testOnlyJobDelayMs?: number;
}

/** {@link ModerationQueueOptions} with every default applied. */
export type ResolvedQueueOptions = Required<Omit<ModerationQueueOptions, 'webhooks'>> & { readonly webhooks: WebhookOptions };

/** Uploads outlive their job's retention by a day, so a job can still be retried (or inspected) until it is removed. */
const UPLOAD_GRACE_SECONDS = 86_400;

/** Applies the defaults. */
export function resolveQueueOptions(options: ModerationQueueOptions): ResolvedQueueOptions {
  return {
    redisUrl: options.redisUrl,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    runProcessors: options.runProcessors ?? true,
    concurrency: options.concurrency ?? DEFAULT_BATCHING.maxBatchSize,
    attempts: options.attempts ?? 3,
    backoffMs: options.backoffMs ?? 1000,
    retentionSeconds: options.retentionSeconds ?? 86_400,
    failedRetentionSeconds: options.failedRetentionSeconds ?? 604_800,
    lockMs: options.lockMs ?? 30_000,
    stalledIntervalMs: options.stalledIntervalMs ?? 30_000,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 25_000,
    outageWindowMs: options.outageWindowMs ?? 600_000,
    uploadStore: options.uploadStore ?? 'redis',
    webhooks: resolveWebhookOptions(options.webhooks ?? {}),
    testOnlyJobDelayMs: options.testOnlyJobDelayMs ?? 0,
  };
}

/** Webhook options with defaults; an option given as undefined keeps its default. */
function resolveWebhookOptions(webhooks: Partial<WebhookOptions>): WebhookOptions {
  return {
    secret: webhooks.secret,
    allowedHosts: webhooks.allowedHosts ?? DEFAULT_WEBHOOK_OPTIONS.allowedHosts,
    sourceUrls: webhooks.sourceUrls ?? DEFAULT_WEBHOOK_OPTIONS.sourceUrls,
    attempts: webhooks.attempts ?? DEFAULT_WEBHOOK_OPTIONS.attempts,
    backoffMs: webhooks.backoffMs ?? DEFAULT_WEBHOOK_OPTIONS.backoffMs,
    timeoutMs: webhooks.timeoutMs ?? DEFAULT_WEBHOOK_OPTIONS.timeoutMs,
  };
}

/**
 * How long an upload's bytes stay in Redis: longer than any retention, because a job may wait in
 * the queue before it runs and a failed job may be retried until it is removed.
 */
export function uploadTtlMs(options: ResolvedQueueOptions): number {
  return (Math.max(options.retentionSeconds, options.failedRetentionSeconds) + UPLOAD_GRACE_SECONDS) * 1000;
}

import { ModerationQueueOptions } from './moderation-queue-options';
import { Environment } from '../../../config/environment';
import { DEFAULT_BATCHING, DEFAULT_INFERENCE } from '../../../engine/engine-options';
import { resolveVisionSessions } from '../../../engine/engine-settings';

/** A batch per vision session and the next one filling: fewer jobs at once would leave sessions idle. */
function defaultJobConcurrency(env: Environment): number {
  const sessions = resolveVisionSessions(
    { runtime: env.MODERATION_INFERENCE_RUNTIME ?? DEFAULT_INFERENCE.runtime, sessions: env.MODERATION_INFERENCE_SESSIONS ?? DEFAULT_INFERENCE.sessions },
    env.MODERATION_MODEL_DTYPE ?? 'fp32',
  );
  return (env.MODERATION_BATCH_SIZE ?? DEFAULT_BATCHING.maxBatchSize) * (sessions + 1);
}

/**
 * Queue options from the validated environment, or undefined without `REDIS_URL` (no queue:
 * asynchronous requests are refused). `runProcessors` follows `MODERATION_QUEUE_PROCESSORS`
 * unless the caller decides (the worker always runs them).
 */
export function queueOptionsFromEnvironment(env: Environment, overrides: Partial<ModerationQueueOptions> = {}): ModerationQueueOptions | undefined {
  if (!env.REDIS_URL) return undefined;
  return {
    redisUrl: env.REDIS_URL,
    prefix: env.MODERATION_QUEUE_PREFIX,
    runProcessors: (env.MODERATION_QUEUE_PROCESSORS ?? 'inline') === 'inline',
    concurrency: env.MODERATION_WORKER_CONCURRENCY ?? defaultJobConcurrency(env),
    attempts: env.MODERATION_JOB_ATTEMPTS,
    backoffMs: env.MODERATION_JOB_BACKOFF_MS,
    retentionSeconds: env.MODERATION_JOB_RETENTION_SECONDS,
    failedRetentionSeconds: env.MODERATION_FAILED_JOB_RETENTION_SECONDS,
    lockMs: env.MODERATION_QUEUE_LOCK_MS,
    stalledIntervalMs: env.MODERATION_QUEUE_STALLED_INTERVAL_MS,
    shutdownTimeoutMs: env.MODERATION_WORKER_SHUTDOWN_TIMEOUT_MS ?? env.MODERATION_SHUTDOWN_GRACE_MS,
    outageWindowMs: env.MODERATION_QUEUE_OUTAGE_WINDOW_MS,
    uploadStore: env.MODERATION_UPLOAD_STORE,
    testOnlyJobDelayMs: env.MODERATION_TEST_ONLY_JOB_DELAY_MS,
    webhooks: {
      secret: env.MODERATION_WEBHOOK_SECRET,
      allowedHosts: env.MODERATION_WEBHOOK_ALLOWED_HOSTS,
      sourceUrls: env.MODERATION_WEBHOOKS,
      attempts: env.MODERATION_WEBHOOK_ATTEMPTS,
      backoffMs: env.MODERATION_WEBHOOK_BACKOFF_MS,
      timeoutMs: env.MODERATION_WEBHOOK_TIMEOUT_MS,
    },
    ...overrides,
  };
}

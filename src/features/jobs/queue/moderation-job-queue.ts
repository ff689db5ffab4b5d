import { UploadInput } from '../../../core/upload/read-upload';
import { WebhookDeliveryAttempt } from '../webhooks/webhook-delivery-store';
import { EnqueueOptions, JobAccess, ModerationJobStatus } from './moderation-job.types';
import { QueueSnapshot } from './queue-metrics';

/** Figures of both queues, for the health and metrics routes. */
export interface ModerationQueueMetrics {
  readonly moderation: QueueSnapshot;
  readonly webhooks: QueueSnapshot;
}

/**
 * Asynchronous moderation: what the HTTP layer and {@link ModerationService.enqueue} use. Provided
 * under {@link MODERATION_JOB_QUEUE} by {@link ModerationQueueModule}; absent without Redis, which
 * callers answer with QUEUE_NOT_CONFIGURED.
 */
export interface ModerationJobQueue {
  /**
   * Throws what enqueueing would refuse before any bytes are read: POLICY_NOT_FOUND,
   * CALLBACK_URL_NOT_ALLOWED.
   */
  assertAccepts(options: EnqueueOptions): void;
  /** Stores the upload in Redis and enqueues a job; resolves once both are durable. */
  enqueue(input: UploadInput, options: EnqueueOptions): Promise<ModerationJobStatus>;
  /** JOB_NOT_FOUND when there is no such job (or it was removed after its retention, or `access` may not see it). */
  getStatus(id: string, access?: JobAccess): Promise<ModerationJobStatus>;
  /** Runs a failed job again; JOB_NOT_RETRYABLE when it has not failed. */
  retry(id: string): Promise<ModerationJobStatus>;
  /** Counts and throughput of the moderation and webhook queues. */
  metrics(): Promise<ModerationQueueMetrics>;
  /** Every webhook attempt logged for a job, oldest first. */
  listDeliveries(jobId: string): Promise<WebhookDeliveryAttempt[]>;
}

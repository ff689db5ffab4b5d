import { JobSubmission } from '../../../core/jobs/job-submission';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { checkBeforeDecoding } from '../../../engine/image/prepare-image';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { MODERATION_MODULE_OPTIONS } from '../../../core/core.module-definition';
import { CoreOptions } from '../../../core/core-options';
import { UploadInput, readUpload } from '../../../core/upload/read-upload';
import { CallbackUrlPolicy } from '../webhooks/callback-url-policy';
import { WebhookDeliveryAttempt, WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { jobIdFor } from './idempotent-job-id';
import { JOB_BACKOFF } from './job-backoff';
import { toModerationJobState, toModerationJobStatus } from './job-status';
import { ModerationQueueMetrics } from './queue-metrics';
import { ModerationJobData } from './moderation-job.types';
import { EnqueueOptions, ModerationJobStatus } from '../../../core/jobs/moderation-job';
import { JobAccess } from './moderation-job.types';
import { ResolvedQueueOptions, uploadTtlMs } from './moderation-queue-options';
import { snapshotQueue } from './queue-metrics';
import { MODERATION_QUEUE, WEBHOOK_QUEUE } from './queue-names';
import { whenConnected, withQueueTimeout } from './queue-timeout';
import { MODERATION_QUEUE_OPTIONS, UPLOAD_STORE } from './queue.tokens';
import { UploadStore, uploadExpired } from './upload-store';

/**
 * How long an upload's bytes live until its job exists (then they get the full TTL): a request that
 * fails between the two writes leaves nothing behind for longer than this.
 */
const PENDING_UPLOAD_TTL_MS = 10 * 60_000;

/** {@link ModerationJobQueue} on Bull: jobs and uploads in Redis, shared by every worker. */
@Injectable()
export class ModerationJobQueue implements JobSubmission {
  constructor(
    @InjectQueue(MODERATION_QUEUE) private readonly queue: Queue<ModerationJobData>,
    @InjectQueue(WEBHOOK_QUEUE) private readonly webhookQueue: Queue,
    private readonly engine: ModerationEngine,
    @Inject(MODERATION_MODULE_OPTIONS) private readonly moduleOptions: CoreOptions,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
    @Inject(UPLOAD_STORE) private readonly uploads: UploadStore,
    private readonly callbacks: CallbackUrlPolicy,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  assertAccepts(options: EnqueueOptions): void {
    this.engine.policies.get(this.policyIdOf(options));
    if (options.callbackUrl !== undefined) this.checkCallbackUrl(options.callbackUrl);
  }

  async enqueue(input: UploadInput, options: EnqueueOptions): Promise<ModerationJobStatus> {
    this.assertAccepts(options);
    const policy = this.policyIdOf(options);
    const callbackUrl = options.callbackUrl === undefined ? undefined : this.checkCallbackUrl(options.callbackUrl);
    const bytes = await readUpload(input, this.engine.limits.maxBytes);
    // Empty, oversized and unsupported uploads are refused now, with the same codes as the
    // synchronous route, instead of becoming failed jobs.
    checkBeforeDecoding(bytes, this.engine.limits);
    const id = jobIdFor(options.idempotencyKey, options.apiKeyId);
    const data: ModerationJobData = {
      policy,
      subject: options.subject,
      source: options.source,
      fresh: options.fresh,
      callbackUrl,
      apiKeyId: options.apiKeyId,
      requestId: options.requestId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      byteLength: bytes.byteLength,
    };
    await whenConnected(this.queue.client, 'enqueue');
    if (options.idempotencyKey !== undefined) {
      const earlier = await withQueueTimeout('getJob', this.queue.getJob(id));
      if (earlier) return this.statusOfRepeat(earlier, data, options.idempotencyKey);
    }
    // The bytes go first: a job must never be visible to a worker before its upload is. They are
    // kept briefly until the job exists, so bytes whose job was never created do not linger.
    await withQueueTimeout('storeUpload', this.uploads.put(id, bytes, PENDING_UPLOAD_TTL_MS), this.uploads.ioTimeoutMs);
    let job: Job<ModerationJobData>;
    try {
      job = await withQueueTimeout(
        'enqueue',
        this.queue.add(data, {
          jobId: id,
          attempts: this.options.attempts,
          backoff: { type: JOB_BACKOFF, options: { delay: this.options.backoffMs } },
          removeOnComplete: { age: this.options.retentionSeconds },
          removeOnFail: { age: this.options.failedRetentionSeconds },
        }),
      );
    } catch (error) {
      // Best effort: the short TTL removes them anyway. Not for a repeated key: they are the first job's.
      if (options.idempotencyKey === undefined && this.queue.client.status === 'ready') await this.uploads.delete(id).catch(() => undefined);
      throw error;
    }
    await withQueueTimeout('keepUpload', this.uploads.keep(id, uploadTtlMs(this.options)), this.uploads.ioTimeoutMs);
    // On a race between two requests with one key, Bull kept the first job; report that one.
    return job.data.sha256 === data.sha256 ? toModerationJobStatus(job, 'queued') : this.statusOfRepeat(job, data, options.idempotencyKey!);
  }

  async getStatus(id: string, access: JobAccess = {}): Promise<ModerationJobStatus> {
    await whenConnected(this.queue.client, 'getJob');
    const probe = await this.findJob(id);
    // Another submitter's job is answered exactly like a missing one, so job ids leak nothing.
    if (access.submittedBy !== undefined && probe.data.apiKeyId !== access.submittedBy) throw jobNotFound(id);
    const state = await withQueueTimeout('getState', probe.getState());
    // Read the job again after its state: a job that finished between the two reads would
    // otherwise be reported done without its result. Data read after a final state is final.
    const job = (await withQueueTimeout('getJob', this.queue.getJob(id))) ?? probe;
    return toModerationJobStatus(job, toModerationJobState(state));
  }

  async retry(id: string): Promise<ModerationJobStatus> {
    await whenConnected(this.queue.client, 'retry');
    const job = await this.findJob(id);
    const state = await withQueueTimeout('getState', job.getState());
    if (state !== 'failed') {
      throw new ModerationError(AppErrorCode.JobNotRetryable, `Job ${id} is ${toModerationJobState(state)}; only failed jobs can be retried`, {
        jobId: id,
        state: toModerationJobState(state),
      });
    }
    const bytes = await withQueueTimeout('readUpload', this.uploads.get(id), this.uploads.ioTimeoutMs);
    if (!bytes) throw uploadExpired(id);
    try {
      await withQueueTimeout('retry', job.retry());
    } catch (error) {
      // Bull refuses when the job is locked or no longer failed: someone else retried it first.
      if (error instanceof ModerationError) throw error;
      throw new ModerationError(AppErrorCode.JobNotRetryable, `Job ${id} cannot be retried now: ${error instanceof Error ? error.message : String(error)}`, { jobId: id });
    }
    return this.getStatus(id);
  }

  async metrics(timeoutMs?: number): Promise<ModerationQueueMetrics> {
    await whenConnected(this.queue.client, 'metrics');
    await whenConnected(this.webhookQueue.client, 'metrics');
    const [moderation, webhooks] = await withQueueTimeout('metrics', Promise.all([snapshotQueue(this.queue), snapshotQueue(this.webhookQueue)]), timeoutMs);
    return { moderation, webhooks };
  }

  listDeliveries(jobId: string): Promise<WebhookDeliveryAttempt[]> {
    return this.deliveries.listByJob(jobId);
  }

  private policyIdOf(options: EnqueueOptions): string {
    return options.policy ?? this.moduleOptions.defaultPolicy ?? 'default';
  }

  private checkCallbackUrl(url: string): string {
    if (!this.options.webhooks.secret) {
      throw new ModerationError(AppErrorCode.CallbackUrlNotAllowed, 'Callback URLs are disabled on this server: MODERATION_WEBHOOK_SECRET is not configured', {
        callbackUrl: url,
      });
    }
    return this.callbacks.check(url);
  }

  private async findJob(id: string): Promise<Job<ModerationJobData>> {
    const job = await withQueueTimeout('getJob', this.queue.getJob(id));
    if (!job) throw jobNotFound(id);
    return job;
  }

  /** A request repeated with its idempotency key: the first job, if it was for the same upload. */
  private async statusOfRepeat(job: Job<ModerationJobData>, data: ModerationJobData, key: string): Promise<ModerationJobStatus> {
    if (job.data.sha256 !== data.sha256) {
      throw new ModerationError(AppErrorCode.IdempotencyKeyConflict, `Idempotency key "${key}" was already used for a different upload`, {
        idempotencyKey: key,
        jobId: String(job.id),
      });
    }
    return this.getStatus(String(job.id));
  }
}

function jobNotFound(id: string): AppError {
  return new ModerationError(AppErrorCode.JobNotFound, `No job with id "${id}" (jobs are kept for a while after they finish)`, { id });
}

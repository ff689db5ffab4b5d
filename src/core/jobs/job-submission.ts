import { UploadInput } from '../upload/read-upload';
import { EnqueueOptions, ModerationJobStatus } from './moderation-job';

/**
 * Asynchronous moderation as {@link ModerationService.enqueue} needs it. The jobs feature provides
 * it under {@link JOB_SUBMISSION} when a queue (Redis) is configured; without one, the service
 * answers QUEUE_NOT_CONFIGURED.
 */
export interface JobSubmission {
  /** Throws what enqueueing would refuse before any bytes are read: POLICY_NOT_FOUND, CALLBACK_URL_NOT_ALLOWED. */
  assertAccepts(options: EnqueueOptions): void;
  /** Stores the upload and enqueues a job; resolves once both are durable. */
  enqueue(input: UploadInput, options: EnqueueOptions): Promise<ModerationJobStatus>;
}

/** Injection token of the {@link JobSubmission} the jobs feature provides. */
export const JOB_SUBMISSION = Symbol('JOB_SUBMISSION');

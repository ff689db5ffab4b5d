import { ModerationAction } from '../../engine/policy/moderation-action';
import { ErrorCode } from '../../shared/errors/app-error-code';

/** What an asynchronous moderation is about, and where to send the decision. */
export interface EnqueueOptions {
  /** Policy id; the module's default policy when omitted. */
  readonly policy?: string;
  /** The caller's id for who uploaded. Stored with the decision. */
  readonly subject?: string;
  /** Where the upload came from; stored, and selects a per-source webhook. */
  readonly source?: string;
  /** Score again even when the same content was already decided under the same policy version. */
  readonly fresh?: boolean;
  /** POST the decision here when it is made (the host must be on the allow-list). */
  readonly callbackUrl?: string;
  /**
   * The caller's key for this request: sending it again (the 202 was lost) returns the job the
   * first request created instead of a second job, for as long as that job is kept.
   */
  readonly idempotencyKey?: string;
  /** The API key that submitted the upload: stored on the decision, and the only submitter key that sees the job. */
  readonly apiKeyId?: string;
  /** The request's id (`x-request-id`): carried by the job into the worker's log lines and its webhook deliveries. */
  readonly requestId?: string;
}

/** A job's state as the API reports it. */
export type ModerationJobState = 'queued' | 'active' | 'done' | 'failed';

/** Every {@link ModerationJobState}. */
export const MODERATION_JOB_STATES: readonly ModerationJobState[] = Object.freeze(['queued', 'active', 'done', 'failed'] as const);

/**
 * Why a job failed: an error code (IMAGE_CORRUPT, POLICY_NOT_FOUND,
 * DATABASE_UNAVAILABLE, …), `JOB_STALLED` (its workers kept dying) or `INTERNAL_ERROR`.
 */
export type JobFailureCode = ErrorCode | 'JOB_STALLED' | 'INTERNAL_ERROR';

/** The last failure of a job. */
export interface JobFailure {
  readonly code: JobFailureCode;
  readonly message: string;
}

/** A moderation job as `GET /v1/jobs/:id` reports it. */
export interface ModerationJobStatus {
  readonly id: string;
  readonly state: ModerationJobState;
  readonly policy: string;
  readonly subject: string | null;
  readonly source: string | null;
  /** Attempts started so far (a retry waiting for its turn counts the ones before it). */
  readonly attemptsMade: number;
  readonly maxAttempts: number;
  /** ISO-8601 times. */
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Set once `done`. */
  readonly decisionId: string | null;
  readonly action: ModerationAction | null;
  readonly reused: boolean | null;
  /** Set once `failed`, and while `queued` for a retry after a failed attempt. */
  readonly error: JobFailure | null;
}

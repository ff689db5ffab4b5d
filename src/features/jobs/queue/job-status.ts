import type { Job, JobStatus } from 'bull';
import { ModerationJobData, ModerationJobResult } from './moderation-job.types';
import { ModerationJobState, ModerationJobStatus } from '../../../core/jobs/moderation-job';
import { parseJobFailure } from './job-failure';

/** Bull's states folded into the four the API reports. */
export function toModerationJobState(state: JobStatus | 'stuck'): ModerationJobState {
  switch (state) {
    case 'active':
      return 'active';
    case 'completed':
      return 'done';
    case 'failed':
      return 'failed';
    default:
      // waiting, delayed (a retry waiting out its backoff), paused, stuck (not yet picked up).
      return 'queued';
  }
}

/** A Bull job as the API reports it. */
export function toModerationJobStatus(job: Job<ModerationJobData>, state: ModerationJobState): ModerationJobStatus {
  const result = state === 'done' ? (job.returnvalue as ModerationJobResult | null) : null;
  const failedBefore = state === 'failed' || (state === 'queued' && job.attemptsMade > 0);
  return {
    id: String(job.id),
    state,
    policy: job.data.policy,
    subject: job.data.subject ?? null,
    source: job.data.source ?? null,
    // Bull counts failed attempts only; the API counts attempts run or running.
    attemptsMade: state === 'done' || state === 'active' ? job.attemptsMade + 1 : job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: new Date(job.timestamp).toISOString(),
    startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finishedAt: job.finishedOn && (state === 'done' || state === 'failed') ? new Date(job.finishedOn).toISOString() : null,
    decisionId: result?.decisionId ?? null,
    action: result?.action ?? null,
    reused: result?.reused ?? null,
    error: failedBefore ? parseJobFailure(job.failedReason) : null,
  };
}

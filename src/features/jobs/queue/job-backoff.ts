import type { Job } from 'bull';
import { ModerationJobData } from './moderation-job.types';

/** The name of the moderation jobs' backoff strategy, registered on the queues' settings. */
export const JOB_BACKOFF = 'moderation-job';

/** Longest wait of a job put back because of an outage, between two tries. */
const LONGEST_OUTAGE_WAIT_MS = 10_000;

/** An error that sends its job back to the queue after `retryDelayMs`, without using an attempt. */
export interface OutageRetryError extends Error {
  readonly retryDelayMs: number;
}

/**
 * The delay before a job runs again: the wait an outage asked for, else exponential from the
 * configured first delay (1, 2, 4… times it), as Bull's own exponential strategy.
 */
export function jobBackoff(attemptsMade: number, error: Partial<OutageRetryError> | undefined, options: { readonly delay?: number } | undefined): number {
  if (typeof error?.retryDelayMs === 'number') return error.retryDelayMs;
  return Math.round((2 ** attemptsMade - 1) * (options?.delay ?? 1000));
}

/**
 * Sends a job that met a dependency outage back to the queue, with a wait that doubles from 1 s to
 * 10 s, and costs it no attempt; undefined once the job has waited out `windowMs` of outage (it then
 * fails like any other error, attempt by attempt). The start of its outage is kept in the job's data.
 */
export async function putBackForOutage(job: Job<ModerationJobData>, cause: Error, windowMs: number, now = Date.now()): Promise<OutageRetryError | undefined> {
  const since = job.data.outageSince ?? now;
  if (now - since >= windowMs) return undefined;
  const waits = (job.data.outageWaits ?? 0) + 1;
  await job.update({ ...job.data, outageSince: since, outageWaits: waits });
  // Bull's moveToFailed counts an attempt (attemptsMade + 1) before it decides between retrying and
  // failing; taking one off first means the outage costs the job none, and it is retried.
  job.attemptsMade -= 1;
  return Object.assign(new Error(cause.message, { cause }), { retryDelayMs: Math.min(LONGEST_OUTAGE_WAIT_MS, 1000 * 2 ** (waits - 1)) });
}

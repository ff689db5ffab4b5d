import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { ModerationError, isModerationError } from '../../../engine/errors/moderation-error';
import { ModerationOutcome, ModerationService } from '../../../core/moderation.service';
import { DecisionRepository } from '../../../core/decisions/decision.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { DependencyOutage, isDependencyOutage } from './dependency-outage';
import { putBackForOutage } from './job-backoff';
import { isPermanentFailure, toJobError } from './job-failure';
import { ModerationJobData, ModerationJobResult } from './moderation-job.types';
import { ResolvedQueueOptions } from './moderation-queue-options';
import { MODERATION_QUEUE_OPTIONS, UPLOAD_STORE } from './queue.tokens';
import { UploadStore, uploadExpired } from './upload-store';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';

/** What a job records in its progress once decided, so a re-run does not need the upload again. */
interface DecidedMarker {
  readonly decisionId: string;
  readonly reused: boolean;
}

/**
 * Runs moderation jobs: read the upload from Redis, score and record it (at most one decision per
 * job id), queue the webhooks, free the upload. A run that follows a crashed one picks up where
 * the decision already exists. Permanent failures are discarded (no retry); a dependency outage
 * (database, image store) sends the job back to the queue without using an attempt, for up to the
 * outage window; others are retried by Bull with backoff.
 */
@Injectable()
export class ModerationJobProcessor {
  private readonly logger = new Logger('ModerationQueue');
  private readonly worker = `${hostname()}/${process.pid}`;

  constructor(
    private readonly moderation: ModerationService,
    private readonly store: DecisionRepository,
    @Inject(UPLOAD_STORE) private readonly uploads: UploadStore,
    private readonly webhooks: WebhookDispatcher,
    private readonly outage: DependencyOutage,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
  ) {}

  async process(job: Job<ModerationJobData>): Promise<ModerationJobResult> {
    const id = String(job.id);
    const started = Date.now();
    this.logger.debug(`job ${id} started by ${this.worker} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`);
    try {
      const outcome = await this.decide(job, id);
      await job.progress({ decisionId: outcome.id, reused: outcome.reused } satisfies DecidedMarker);
      await this.webhooks.dispatch(id, { callbackUrl: job.data.callbackUrl, source: job.data.source }, outcome, job.data.requestId);
      await this.freeUpload(id);
      // One line per job at info, the worker's counterpart of the API's access line.
      this.logger.log(`job ${id} done in ${Date.now() - started} ms: decision ${outcome.id} ${outcome.action}${outcome.reused ? ' (reused)' : ''}`);
      return { decisionId: outcome.id, action: outcome.action, reused: outcome.reused, worker: this.worker };
    } catch (error) {
      throw await this.failure(job, id, error);
    }
  }

  /**
   * The decision is stored and its webhooks queued: a store that fails to free the upload now must
   * not fail the job. Its life is cut to now instead, so the next sweep of the image store frees it.
   */
  private async freeUpload(id: string): Promise<void> {
    try {
      await this.uploads.delete(id);
    } catch (error) {
      await this.uploads.keep(id, 0).catch(() => undefined);
      this.logger.warn(`job ${id}: its upload was not freed now (${error instanceof Error ? error.message : String(error)}); the next sweep frees it`);
    }
  }

  private async decide(job: Job<ModerationJobData>, id: string): Promise<ModerationOutcome> {
    // An earlier run may have decided and then died (or stalled) before the job was marked done.
    const earlier = await this.earlierDecision(job, id);
    if (earlier) return earlier;
    const bytes = await this.uploads.get(id);
    if (!bytes) throw uploadExpired(id);
    if (createHash('sha256').update(bytes).digest('hex') !== job.data.sha256) {
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `The stored upload of job ${id} does not match the one enqueued`, { jobId: id });
    }
    if (this.options.testOnlyJobDelayMs > 0) await sleep(this.options.testOnlyJobDelayMs);
    const { policy, subject, source, fresh, apiKeyId } = job.data;
    return this.moderation.moderate(bytes, { policy, subject, source, fresh, apiKeyId, jobId: id });
  }

  private async earlierDecision(job: Job<ModerationJobData>, id: string): Promise<ModerationOutcome | null> {
    const recorded = await this.store.findByJobId(id);
    if (recorded) return { ...recorded, reused: false };
    // A reused decision has no row of its own; the progress marker remembers it.
    const marker = job.progress() as Partial<DecidedMarker> | number | undefined;
    if (typeof marker === 'object' && marker !== null && typeof marker.decisionId === 'string') {
      const reused = await this.store.findById(marker.decisionId);
      if (reused) return { ...reused, reused: marker.reused === true };
    }
    return null;
  }

  private async failure(job: Job<ModerationJobData>, id: string, error: unknown): Promise<Error> {
    if (isDependencyOutage(error)) {
      this.outage.report(error);
      const putBack = await putBackForOutage(job, toJobError(error), this.options.outageWindowMs).catch(() => undefined);
      if (putBack) {
        this.logger.warn(`job ${id} waits for ${(error as ModerationError).code}: back in the queue for ${putBack.retryDelayMs} ms, no attempt used`);
        return putBack;
      }
    }
    const permanent = isPermanentFailure(error);
    // discard() tells Bull not to use the remaining attempts on this job.
    if (permanent) job.discard();
    const attempt = `attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}`;
    if (isModerationError(error)) {
      this.logger.warn(`job ${id} failed (${attempt}, ${permanent ? 'permanent' : 'will retry if attempts remain'}): ${error.code}: ${error.message}`);
    } else {
      this.logger.error(`job ${id} failed unexpectedly (${attempt})`, error instanceof Error ? error.stack : String(error));
    }
    return toJobError(error);
  }
}

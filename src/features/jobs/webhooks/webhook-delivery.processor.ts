import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { ResolvedQueueOptions } from '../queue/moderation-queue-options';
import { MODERATION_QUEUE_OPTIONS } from '../queue/queue.tokens';
import { JobMetrics } from '../queue/job-metrics';
import { WebhookAttemptResult, sendWebhook } from './send-webhook';
import { WebhookAttemptOutcome } from '../../../database/entities/webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookJobData } from './webhook-job.types';

/** What a delivered webhook job returns. */
export interface WebhookJobResult {
  readonly statusCode: number;
  readonly attempts: number;
}

/**
 * Runs webhook delivery jobs: one signed POST per attempt, each attempt logged. A refusal that
 * another attempt cannot change (a 4xx other than 408/425/429, a redirect) fails the delivery at
 * once; no answer or a 5xx is retried with Bull's exponential backoff.
 */
@Injectable()
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
    private readonly metrics: JobMetrics,
  ) {}

  async process(job: Job<WebhookJobData>): Promise<WebhookJobResult> {
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const secret = this.options.webhooks.secret;
    const attemptedAt = new Date();
    const result: WebhookAttemptResult = secret
      ? await sendWebhook({ url: job.data.url, body: job.data.body, event: job.data.event, deliveryId: String(job.id), requestId: job.data.requestId, secret, timeoutMs: this.options.webhooks.timeoutMs })
      : { delivered: false, retryable: false, statusCode: null, error: 'MODERATION_WEBHOOK_SECRET is not configured; nothing is sent unsigned', durationMs: 0 };
    const outcome: WebhookAttemptOutcome = result.delivered ? 'delivered' : result.retryable && attempt < maxAttempts ? 'retrying' : 'failed';
    this.metrics.webhookAttempted(outcome);
    await this.log(job, attempt, attemptedAt, result, outcome);
    if (result.delivered) return { statusCode: result.statusCode!, attempts: attempt };
    if (!result.retryable) job.discard();
    throw new Error(`WEBHOOK_FAILED: ${result.error}`);
  }

  /**
   * Best effort: when the database is down the delivery still counts (re-sending a delivered
   * webhook because its log row could not be written would be worse); the worker log keeps it.
   */
  private async log(job: Job<WebhookJobData>, attempt: number, attemptedAt: Date, result: WebhookAttemptResult, outcome: WebhookAttemptOutcome): Promise<void> {
    const line = `${job.data.event} for job ${job.data.jobId} to ${job.data.url}: attempt ${attempt} ${outcome}${result.error ? ` (${result.error})` : ''}`;
    if (outcome === 'delivered') this.logger.log(line);
    else this.logger.warn(line);
    try {
      await this.deliveries.record({
        deliveryId: String(job.id),
        jobId: job.data.jobId,
        decisionId: job.data.decisionId,
        requestId: job.data.requestId ?? null,
        event: job.data.event,
        url: job.data.url,
        attempt,
        outcome,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
        attemptedAt,
      });
    } catch (error) {
      this.logger.error(`could not log webhook attempt (${line}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { StoredDecision } from '../../../core/decisions/decision.types';
import { ResolvedQueueOptions } from '../queue/moderation-queue-options';
import { WEBHOOK_QUEUE } from '../queue/queue-names';
import { withQueueTimeout } from '../queue/queue-timeout';
import { MODERATION_QUEUE_OPTIONS } from '../queue/queue.tokens';
import { decisionCreatedBody } from './webhook-payload';
import { WebhookJobData } from './webhook-job.types';
import { DECISION_CREATED_EVENT } from './webhook-options';

/** Where a job's decision goes: its own callback URL and its source's configured URL. */
export interface WebhookTargets {
  readonly callbackUrl?: string;
  readonly source?: string;
}

/**
 * Queues the webhook deliveries of a decided job, one Bull job per URL. Delivery job ids are
 * derived from the moderation job id and the URL, so a moderation job that runs again (after a
 * worker crash) does not queue the same delivery twice: Bull ignores an add with an existing id.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @InjectQueue(WEBHOOK_QUEUE) private readonly queue: Queue<WebhookJobData>,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
  ) {}

  /** The URLs a job's decision is sent to, without repeats. */
  targetsOf(targets: WebhookTargets): string[] {
    const bySource = targets.source === undefined ? undefined : this.options.webhooks.sourceUrls[targets.source];
    return [...new Set([targets.callbackUrl, bySource].filter((url): url is string => url !== undefined))];
  }

  /**
   * Queues one delivery per target; returns how many. Sends nothing without a signing secret.
   * `requestId` is the id of the request that queued the job, recorded with each attempt and sent.
   */
  async dispatch(jobId: string, targets: WebhookTargets, decision: StoredDecision & { reused?: boolean }, requestId?: string): Promise<number> {
    const urls = this.targetsOf(targets);
    if (urls.length === 0 || !this.options.webhooks.secret) return 0;
    const body = decisionCreatedBody(jobId, decision);
    const { attempts, backoffMs } = this.options.webhooks;
    for (const url of urls) {
      await withQueueTimeout(
        'enqueueWebhook',
        this.queue.add(
          { url, event: DECISION_CREATED_EVENT, jobId, decisionId: decision.id, body, requestId },
          {
            jobId: deliveryIdOf(jobId, url),
            attempts,
            backoff: { type: 'exponential', delay: backoffMs },
            removeOnComplete: { age: this.options.retentionSeconds },
            removeOnFail: { age: this.options.failedRetentionSeconds },
          },
        ),
      );
    }
    return urls.length;
  }
}

/** The delivery id (and Bull job id) of a job's webhook to `url`; sent as `X-Moderation-Delivery`. */
export function deliveryIdOf(jobId: string, url: string): string {
  return `${jobId}.${createHash('sha256').update(url, 'utf8').digest('hex').slice(0, 16)}`;
}

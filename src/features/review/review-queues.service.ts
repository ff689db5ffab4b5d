import { Inject, Injectable } from '@nestjs/common';
import { RequestActor, auditActorOf } from '../access';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { ResolvedReviewOptions } from './review-options';
import { ReviewQueueRepository } from './review-queue.repository';
import { QUEUE_ORDERS, QueueOrder, STANDARD_QUEUES, isQueueName } from './review-types';
import { REVIEW_OPTIONS } from './review.tokens';

/** One queue in the overview. */
export interface QueueSummary {
  readonly name: string;
  readonly order: QueueOrder;
  /** Open items nobody holds (including claims whose lease ran out). */
  readonly pending: number;
  /** Items held under a live lease. */
  readonly claimed: number;
  /** Pending items the caller may claim (excluded reviewers cannot claim appeals of their own decisions). */
  readonly availableToYou: number;
  /** Creation time of the oldest pending item; null when none is pending. */
  readonly oldestPendingAt: string | null;
}

/** The review queues: what is waiting in each, and how each is served. */
@Injectable()
export class ReviewQueuesService {
  constructor(
    private readonly queues: ReviewQueueRepository,
    @Inject(REVIEW_OPTIONS) private readonly options: ResolvedReviewOptions,
  ) {}

  /**
   * Every queue with open items, every queue an admin configured and the standard queues, with
   * counts as of now (a claim whose lease ran out counts as pending).
   */
  async overview(actor: RequestActor): Promise<QueueSummary[]> {
    const counts = await this.queues.counts(actor.principal.keyId, this.options.clock());
    const orders = await this.queues.orders();
    const names = new Set<string>([...Object.values(STANDARD_QUEUES), ...orders.keys(), ...counts.map((count) => count.queue)]);
    return [...names].sort().map((name) => {
      const pending = counts.find((count) => count.queue === name && count.state === 'pending');
      const claimed = counts.find((count) => count.queue === name && count.state === 'claimed');
      return {
        name,
        order: orders.get(name) ?? this.options.order,
        pending: pending?.total ?? 0,
        claimed: claimed?.total ?? 0,
        availableToYou: pending?.available ?? 0,
        oldestPendingAt: pending?.oldest?.toISOString() ?? null,
      };
    });
  }

  /** Sets how a queue is served (admins), audited; the queue need not have items yet. */
  async setOrder(name: string, order: QueueOrder, actor: RequestActor): Promise<QueueSummary> {
    if (!isQueueName(name)) {
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid queue name "${name}"`, { errors: [{ field: 'name', reasons: ['must be a queue name such as review or appeals'] }] });
    }
    if (!QUEUE_ORDERS.includes(order)) {
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid order "${order}"`, { errors: [{ field: 'order', reasons: [`must be one of ${QUEUE_ORDERS.join(', ')}`] }] });
    }
    const now = this.options.clock();
    await this.queues.setOrder(name, order, now, actor.principal.authDisabled ? null : actor.principal.keyId, (before) => ({
      actor: auditActorOf(actor.principal),
      action: 'queue.update',
      subjectType: 'review_queue',
      subjectId: name,
      before: before !== null ? { order: before } : { order: this.options.order, configured: false },
      after: { order },
      at: now,
      requestId: actor.requestId,
    }));
    return (await this.overview(actor)).find((queue) => queue.name === name)!;
  }
}

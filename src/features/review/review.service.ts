import { Inject, Injectable } from '@nestjs/common';
import { RequestActor } from '../access';
import { DecisionRepository } from '../../core/decisions/decision.repository';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { AppealResponse, LabelPageResponse, QueueSummaryResponse, ReviewItemResponse } from './http/review.dto';
import { openAppeal } from './review-appeals';
import { ReviewContext } from './review-context';
import { ItemImage, readItemDetails, readItemImage } from './review-item-details';
import { toLabelResponse, toReviewItemResponse } from './review-item-view';
import { LabelFilter, listLabels } from './review-labels';
import { claimNextItem, releaseItem, renewLease } from './review-leases';
import { queueOverview, setQueueOrder } from './review-queues';
import { QueueOrder } from './review-types';
import { VerdictInput, recordVerdict } from './review-verdicts';
import { REVIEW_CONTEXT } from './review.tokens';

/**
 * The review workflow for the HTTP API: each method runs one framework-free step (src/review/*)
 * and builds the response, with the decision and its policy snapshot read through the store.
 */
@Injectable()
export class ReviewService {
  constructor(
    @Inject(REVIEW_CONTEXT) private readonly context: ReviewContext,
    private readonly decisions: DecisionRepository,
  ) {}

  /** Claims the next item of a queue, or null when none is available to the caller. */
  async claim(queue: string, actor: RequestActor, leaseSeconds?: number): Promise<ReviewItemResponse | null> {
    const item = await claimNextItem(this.context, queue, actor, leaseSeconds);
    return item ? this.view(item.id) : null;
  }

  /** One item with its decision, scores, policy version, labels and image state. */
  getItem(id: string): Promise<ReviewItemResponse> {
    return this.view(id);
  }

  async renew(id: string, actor: RequestActor, leaseSeconds?: number): Promise<ReviewItemResponse> {
    await renewLease(this.context, id, actor, leaseSeconds);
    return this.view(id);
  }

  async release(id: string, actor: RequestActor): Promise<ReviewItemResponse> {
    await releaseItem(this.context, id, actor);
    return this.view(id);
  }

  async decide(id: string, actor: RequestActor, verdict: VerdictInput): Promise<ReviewItemResponse> {
    await recordVerdict(this.context, id, actor, verdict);
    return this.view(id);
  }

  async appeal(decisionId: string, actor: RequestActor, reason: string | null): Promise<AppealResponse> {
    const item: ReviewItemEntity = await openAppeal(this.context, decisionId, actor, reason);
    return { id: item.id, decisionId: item.decisionId, queue: item.queue, status: 'pending', createdAt: item.createdAt.toISOString() };
  }

  queues(actor: RequestActor): Promise<QueueSummaryResponse[]> {
    return queueOverview(this.context, actor);
  }

  async setQueueOrder(name: string, order: QueueOrder, actor: RequestActor): Promise<QueueSummaryResponse> {
    await setQueueOrder(this.context, name, order, actor);
    const overview = await queueOverview(this.context, actor);
    return overview.find((queue) => queue.name === name)!;
  }

  async labels(filter: LabelFilter, page: { limit: number; cursor?: string }): Promise<LabelPageResponse> {
    const result = await listLabels(this.context, filter, page);
    return { items: result.items.map(toLabelResponse), nextCursor: result.nextCursor };
  }

  image(id: string, actor: RequestActor): Promise<ItemImage> {
    return readItemImage(this.context, id, actor);
  }

  private async view(id: string): Promise<ReviewItemResponse> {
    const details = await readItemDetails(this.context, id);
    const decision = await this.decisions.getById(details.item.decisionId);
    const policy = await this.decisions.getPolicyVersion(decision.policy.id, decision.policy.version);
    return toReviewItemResponse({ ...details, decision, policy, now: this.context.options.clock() });
  }
}

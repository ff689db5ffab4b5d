import type { Client } from 'openapi-fetch';
import { unwrap } from './unwrap';
import type { paths } from './generated/schema';
import type { Appeal, QueueOverview, ReviewItem, ReviewLabel, ReviewVerdict } from './types';

/** A verdict on a review item. */
export interface VerdictInput {
  readonly verdict: ReviewVerdict;
  /** Per-category labels: what policy tuning learns from. */
  readonly labels?: ReadonlyArray<{ readonly categoryId: string; readonly label: ReviewLabel }>;
  readonly note?: string;
}

/**
 * Review-queue calls for reviewer keys (claim, decide, release) and appeals for submitter keys.
 * The reviewer's identity is the API key's; it is never sent in a body.
 */
export class ReviewClient {
  constructor(private readonly api: Client<paths>) {}

  /** Every queue with its waiting and claimed counts. */
  async queues(): Promise<QueueOverview['items']> {
    return unwrap(await this.api.GET('/v1/review/queues')).items;
  }

  /** Claims the next item of a queue with a lease; null when the queue is empty. */
  async claimNext(queue = 'review', leaseSeconds?: number): Promise<ReviewItem | null> {
    return unwrap(await this.api.POST('/v1/review/queues/{name}/claim', { params: { path: { name: queue } }, body: { leaseSeconds } })).item;
  }

  /** One item with its decision, scores, thresholds and matched prompts. */
  async get(itemId: string): Promise<ReviewItem> {
    return unwrap(await this.api.GET('/v1/review/items/{id}', { params: { path: { id: itemId } } }));
  }

  /** The image of an item you hold. */
  async image(itemId: string): Promise<Blob> {
    const { response } = await this.api.GET('/v1/review/items/{id}/image', { params: { path: { id: itemId } }, parseAs: 'stream' });
    if (!response.ok) unwrap({ response, error: await response.json().catch(() => undefined) });
    return response.blob();
  }

  /** Extends your lease on an item. */
  async renew(itemId: string, leaseSeconds?: number): Promise<ReviewItem> {
    return unwrap(await this.api.POST('/v1/review/items/{id}/renew', { params: { path: { id: itemId } }, body: { leaseSeconds } }));
  }

  /** Gives an item back to its queue. */
  async release(itemId: string): Promise<ReviewItem> {
    return unwrap(await this.api.POST('/v1/review/items/{id}/release', { params: { path: { id: itemId } } }));
  }

  /** Decides an item you hold: approve, remove or escalate, with labels and a note. */
  async decide(itemId: string, input: VerdictInput): Promise<ReviewItem> {
    return unwrap(
      await this.api.POST('/v1/review/items/{id}/verdict', {
        params: { path: { id: itemId } },
        body: { verdict: input.verdict, labels: input.labels?.map((label) => ({ ...label })), note: input.note },
      }),
    );
  }

  /** Opens an appeal on a decision (for the app whose user disputes it). */
  async appeal(decisionId: string, reason?: string): Promise<Appeal> {
    return unwrap(await this.api.POST('/v1/decisions/{id}/appeals', { params: { path: { id: decisionId } }, body: { reason } }));
  }
}

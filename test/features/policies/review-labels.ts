import { TestKey } from '../../support/api-keys';
import { Json, TuningServer } from './tuning-server';

/** What a reviewer says per category: the review API's label values. */
export type LabelValue = 'violating' | 'not_violating' | 'unsure';

/**
 * Works through the review queues as a reviewer would, through the real API: claims each item,
 * and decides it with the labels given for its decision (remove when any is violating, else
 * approve). Returns the decision ids decided, in order.
 */
export async function labelThroughReviewApi(
  server: TuningServer,
  reviewer: TestKey,
  labelsByDecision: ReadonlyMap<string, Readonly<Record<string, LabelValue>>>,
  queues: readonly string[] = ['review', 'quality'],
): Promise<string[]> {
  const decided: string[] = [];
  for (const queue of queues) {
    for (;;) {
      const claim = await server.call('POST', `/v1/review/queues/${queue}/claim`, reviewer, {});
      expect(claim.status).toBe(200);
      const item = claim.body.item as Json | null;
      if (!item) break;
      const labels = labelsByDecision.get(item.decision.id as string);
      if (!labels) throw new Error(`no labels planned for decision ${item.decision.id}`);
      const verdict = Object.values(labels).includes('violating') ? 'remove' : 'approve';
      const reply = await server.call('POST', `/v1/review/items/${item.id}/verdict`, reviewer, {
        verdict,
        labels: Object.entries(labels).map(([categoryId, label]) => ({ categoryId, label })),
      });
      expect(reply.status).toBe(200);
      decided.push(item.decision.id as string);
    }
  }
  return decided;
}

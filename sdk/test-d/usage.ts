/**
 * Type-level test of the public API (`npm run typecheck` compiles it): what an app writes must
 * compile, and the marked misuses must not.
 */
import { Decision, ModerationApiError, ModerationClient, isModerationApiError, verifyWebhook } from '../src';
import { moderateUploads } from '../src/express';

async function usage(file: File, bytes: Uint8Array): Promise<void> {
  const client = new ModerationClient({ baseUrl: 'http://localhost:3000', apiKey: 'key', timeoutMs: 5000, retry: { retries: 2 } });
  const decision: Decision = await client.moderate(file, { policy: 'default', subject: 'u1' });
  const action: 'allow' | 'review' | 'block' = decision.action;
  const score: number = decision.categories[0]!.score;
  const review: number = decision.categories[0]!.thresholds.review;
  await client.moderate(bytes);
  const page = await client.listDecisions({ action: 'block', from: new Date() });
  const next: string | null = page.nextCursor;
  try {
    await client.getDecision('id');
  } catch (error) {
    if (isModerationApiError(error)) {
      const code: string = error.code;
      const status: number = error.status;
      void code;
      void status;
    }
  }
  const event = await verifyWebhook('{}', { 'x-moderation-signature': 't=1,v1=00' }, 'secret');
  const jobId: string = event.jobId;
  moderateUploads({ client, field: 'file', failOpen: true });
  void [action, score, review, next, jobId, ModerationApiError];

  // @ts-expect-error: actions are a closed set
  await client.listDecisions({ action: 'delete' });
  // @ts-expect-error: the image is required
  await client.moderate();
  // @ts-expect-error: decisions have no `verdict` field
  void decision.verdict;
}
void usage;

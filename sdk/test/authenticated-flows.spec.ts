import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ModerationApiError, ModerationClient } from '../src';
import { createServer } from '../../src/app/create-server';
import { BLUE, RED, solidImage } from '../../test/support/colour-images';
import { createTestKey } from '../../test/support/api-keys';
import { createModerationFixture } from '../../test/support/moderation-fixture';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from '../../test/features/jobs/support/redis-test-prefix';

/** The SDK against a server as it runs in production: keys required, a Redis queue, a review queue. */
describe('ModerationClient with keys, the queue and the review queue', () => {
  const prefix = testQueuePrefix('sdk');
  let app: INestApplication;
  let baseUrl: string;
  let submitter: ModerationClient;
  let reviewer: ModerationClient;

  beforeAll(async () => {
    const fixture = await createModerationFixture('sdk-auth');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    submitter = new ModerationClient({ baseUrl, apiKey: (await createTestKey(app, 'submitter')).secret, retry: { retries: 0 } });
    reviewer = new ModerationClient({ baseUrl, apiKey: (await createTestKey(app, 'reviewer')).secret, retry: { retries: 0 } });
  });

  afterAll(async () => {
    await app?.close();
    await deleteQueueKeys(prefix);
  });

  it('throws 401 without a key and 403 with the wrong role, typed', async () => {
    const anonymous = new ModerationClient({ baseUrl, retry: { retries: 0 } });
    const unauthorised = await anonymous.listPolicies().catch((error: unknown) => error);
    expect(unauthorised).toBeInstanceOf(ModerationApiError);
    expect(unauthorised).toMatchObject({ status: 401 });
    const forbidden = await submitter.review.claimNext('review').catch((error: unknown) => error);
    expect(forbidden).toMatchObject({ status: 403 });
  });

  it('moderates asynchronously and waits for the decision', async () => {
    const job = await submitter.moderateAsync(await solidImage(RED), { policy: 'colours', subject: 'async-user' });
    expect(['queued', 'active', 'done']).toContain(job.state);
    const decision = await submitter.waitForDecision(job.id, { timeoutMs: 30_000 });
    expect(decision).toMatchObject({ action: 'block', subject: 'async-user' });
    expect((await submitter.getJob(job.id)).decisionId).toBe(decision.id);
  });

  it('reports a failed job with its error code', async () => {
    const job = await submitter.moderateAsync(new TextEncoder().encode('GIF89a but not really a gif'), { policy: 'colours' }).catch((error: unknown) => error);
    // Refused up front (the format is checked before queueing) or failed by the worker: either way typed.
    if (job instanceof ModerationApiError) {
      expect(job.code).toBe('IMAGE_CORRUPT');
    } else {
      await expect(submitter.waitForDecision((job as { id: string }).id, { timeoutMs: 30_000 })).rejects.toMatchObject({ code: expect.stringMatching(/^IMAGE_/) });
    }
  });

  it('lets a reviewer claim and decide a review item, and a submitter appeal the outcome', async () => {
    const decision = await submitter.moderate(await solidImage(BLUE), { policy: 'colours', fresh: true });
    expect(decision.action).toBe('review');
    const item = await reviewer.review.claimNext('review');
    expect(item?.decision.id).toBe(decision.id);
    const image = await reviewer.review.image(item!.id);
    expect(image.size).toBeGreaterThan(0);
    const decided = await reviewer.review.decide(item!.id, { verdict: 'remove', labels: [{ categoryId: 'blue', label: 'violating' }], note: 'blue is not allowed here' });
    expect(decided.decision.id).toBe(decision.id);
    expect(await reviewer.review.claimNext('review')).toBeNull();
    const appeal = await submitter.review.appeal(decision.id, 'it is only a blue square');
    expect(appeal).toMatchObject({ decisionId: decision.id, status: 'pending' });
    expect((await reviewer.review.queues()).find((queue) => queue.name === appeal.queue)).toBeTruthy();
  });
});

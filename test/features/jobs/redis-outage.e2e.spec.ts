import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { PrivateRedis } from '../../support/private-redis';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const PREFIX = 'redis-outage';

/**
 * Redis (a server of this test's own) goes away and comes back while the API takes asynchronous
 * requests: refusals are quick, nothing a refused request sent is written when Redis returns, and
 * requests are taken again soon after it is back.
 */
describe('a Redis outage under asynchronous requests', () => {
  let fixture: ModerationFixture;
  let redis: PrivateRedis;
  let app: INestApplication;
  let base: string;
  let image: Buffer;

  beforeAll(async () => {
    fixture = await createModerationFixture('redis-outage');
    redis = await PrivateRedis.start();
    image = await solidImage(RED);
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_AUTH: 'disabled',
      REDIS_URL: redis.url,
      MODERATION_QUEUE_PREFIX: PREFIX,
      // Jobs stay queued, so every upload key left in Redis belongs to a job, or to nobody.
      MODERATION_QUEUE_PROCESSORS: 'off',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const submit = async (): Promise<{ status: number; body: Json; ms: number }> => {
    const started = Date.now();
    const response = await fetch(`${base}/v1/moderations?mode=async&policy=colours`, { method: 'POST', body: image, headers: { 'content-type': 'image/png' } });
    return { status: response.status, body: (await response.json()) as Json, ms: Date.now() - started };
  };
  const queueHealth = async (): Promise<{ status: number; ms: number }> => {
    const started = Date.now();
    const response = await fetch(`${base}/health/queue`);
    await response.text();
    return { status: response.status, ms: Date.now() - started };
  };
  const uploadsOf = async (): Promise<string[]> => (await redis.keys(`${PREFIX}:moderation:upload:*`)).map((key) => key.split(':').pop()!);

  it('refuses quickly while Redis is down, writes nothing for refused requests, and takes requests soon after it returns', async () => {
    expect((await submit()).status).toBe(202);
    await redis.stop();

    const health = await queueHealth();
    expect(health.status).toBe(503);
    expect(health.ms).toBeLessThan(1_500);
    const refused = await Promise.all([submit(), submit(), submit()]);
    for (const attempt of refused) {
      expect(attempt).toMatchObject({ status: 503, body: { code: 'QUEUE_UNAVAILABLE' } });
      expect(attempt.ms).toBeLessThan(1_500);
    }

    // Back, empty (no persistence): whatever appears in it now was sent after the outage.
    await redis.resume();
    const back = Date.now();
    let accepted: Json | undefined;
    while (Date.now() - back < 10_000) {
      const attempt = await submit();
      if (attempt.status === 202) {
        accepted = attempt.body;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(accepted).toBeDefined();
    expect(Date.now() - back).toBeLessThan(3_000);
    expect((await queueHealth()).status).toBe(200);

    // Long enough for anything the client had queued while disconnected to have run.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await uploadsOf()).toEqual([accepted!.id]);
  }, 60_000);
});

import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { parseRateLimitRule } from '../../../src/config/rate-limit-rule';
import { createTestKey } from '../../support/api-keys';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { PrivateRedis } from '../../support/private-redis';
import { call, retryAfterOf, statuses } from './support/rate-limit-calls';

/** The variables every server of this file shares: the tiny model, its own data folder. */
const baseEnv = (fixture: ModerationFixture, name: string): NodeJS.ProcessEnv => ({
  MODERATION_MODEL: fixture.modelDir,
  MODERATION_POLICIES: fixture.policiesDir,
  MODERATION_CACHE_DIR: fixture.cacheDir,
  MODERATION_DATA_DIR: join(fixture.root, name),
  LOG_LEVEL: 'warn',
});

async function started(env: NodeJS.ProcessEnv): Promise<{ app: INestApplication; base: string }> {
  const { app } = await createServer(env);
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

/** The status of `GET url` sent from the local address `from` (another loopback address is another client). */
function statusFrom(from: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { localAddress: from }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('MODERATION_RATE_LIMIT_* values', () => {
  it.each([
    ['600/60s', { limit: 600, windowSeconds: 60, roles: {} }],
    ['600 / 1m', { limit: 600, windowSeconds: 60, roles: {} }],
    ['10/1h,admin=100/1h, reviewer=20/30s', { limit: 10, windowSeconds: 3600, roles: { admin: { limit: 100, windowSeconds: 3600 }, reviewer: { limit: 20, windowSeconds: 30 } } }],
  ])('reads %s', (text, expected) => {
    expect(parseRateLimitRule({ value: text })).toEqual(expected);
  });

  it('refuses a bad value at start, naming each bad variable', async () => {
    await expect(
      createServer({ MODERATION_RATE_LIMIT_MODERATION: '600', MODERATION_RATE_LIMIT_REVIEW: '10/60s,owner=5/1s', MODERATION_RATE_LIMIT_ADMIN: '0/60s' }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: {
        problems: expect.arrayContaining(
          ['MODERATION_RATE_LIMIT_MODERATION', 'MODERATION_RATE_LIMIT_REVIEW', 'MODERATION_RATE_LIMIT_ADMIN'].map((key) =>
            expect.objectContaining({ key, reasons: [expect.stringContaining('<requests>/<window>')] }),
          ),
        ),
      },
    });
    for (const value of ['5/2d', '5/90000s', '5/1s,admin=1/1s,admin=2/1s', '-1/1s']) {
      await expect(createServer({ MODERATION_RATE_LIMIT_ADMIN: value })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});

describe('rate limits in one process (no Redis)', () => {
  let fixture: ModerationFixture;
  const servers: INestApplication[] = [];

  beforeAll(async () => {
    fixture = await createModerationFixture('rate-limits-local');
  });

  afterAll(async () => {
    for (const app of servers) await app.close();
  });

  it('limits nothing by default: many requests, no 429 and no rate-limit headers', async () => {
    const { app, base } = await started({ ...baseEnv(fixture, 'off'), MODERATION_AUTH: 'disabled' });
    servers.push(app);
    const answers = await Promise.all(Array.from({ length: 60 }, () => call(base, '/v1/decisions?limit=1')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(200));
    expect(answers.some((answer) => answer.headers.has('x-ratelimit-limit') || answer.headers.has('retry-after'))).toBe(false);
  });

  it('counts in memory, per client address for requests without a key', async () => {
    const { app, base } = await started({ ...baseEnv(fixture, 'by-address'), MODERATION_AUTH: 'disabled', MODERATION_RATE_LIMIT_MODERATION: '3/30s' });
    servers.push(app);
    expect(await statuses(3, () => call(base, '/v1/decisions?limit=1'))).toEqual([200, 200, 200]);
    const refused = await call(base, '/v1/decisions?limit=1');
    expect(retryAfterOf(refused)).toBeGreaterThan(25);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', details: { group: 'moderation', limit: 3, windowSeconds: 30 } });
    // While auth is disabled every caller is the same stand-in admin, so the address is what is counted.
    expect(await statusFrom('127.0.0.2', `${base}/v1/decisions?limit=1`)).toBe(200);
    expect(await statusFrom('127.0.0.1', `${base}/v1/decisions?limit=1`)).toBe(429);
  });
});

describe('rate limits while Redis is down', () => {
  let fixture: ModerationFixture;
  let redis: PrivateRedis;
  let app: INestApplication;
  let base: string;
  const warn = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    fixture = await createModerationFixture('rate-limits-outage');
    redis = await PrivateRedis.start();
    ({ app, base } = await started({ ...baseEnv(fixture, 'outage'), REDIS_URL: redis.url, MODERATION_QUEUE_PROCESSORS: 'off', MODERATION_RATE_LIMIT_MODERATION: '2/60s' }));
  });

  afterAll(async () => {
    warn.mockRestore();
    await app?.close();
    await redis?.stop();
  });

  it('serves requests uncounted, at once, with a warning; and counts again once Redis is back', async () => {
    const submitter = await createTestKey(app, 'submitter');
    const decisions = () => call(base, '/v1/decisions?limit=1', submitter);
    expect(await statuses(3, decisions)).toEqual([200, 200, 429]);

    await redis.stop();
    const started = Date.now();
    expect(await statuses(3, decisions)).toEqual([200, 200, 200]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(warn.mock.calls.some(([message]) => String(message).includes('uncounted while Redis does not answer'))).toBe(true);

    // A Redis that restarts empty: counting starts over.
    await redis.resume();
    await waitUntilCounted(decisions);
    expect(await statuses(2, decisions)).toEqual([200, 429]);
  });
});

/** Waits until the rate limiter's Redis connection is back, i.e. a request is counted again. */
async function waitUntilCounted(next: () => Promise<{ headers: Headers }>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await next()).headers.get('x-ratelimit-remaining') === '1') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the rate limiter did not count again within 10 s of Redis coming back');
}

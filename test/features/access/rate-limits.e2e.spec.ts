import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { createServer } from '../../../src/app/create-server';
import { TestKey, createTestKey } from '../../support/api-keys';
import { RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { TestPostgresDatabase, createTestPostgresDatabase } from '../../support/postgres-database';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from '../jobs/support/redis-test-prefix';
import { Answer, call, retryAfterOf, sleep, statuses } from './support/rate-limit-calls';

const MODERATION_WINDOW_SECONDS = 10;

/**
 * Two servers sharing one PostgreSQL database and one Redis, as behind a load balancer: a key's
 * requests are counted once, whichever server answers them.
 */
describe('per-key rate limits across two servers (PostgreSQL, Redis)', () => {
  let fixture: ModerationFixture;
  let database: TestPostgresDatabase;
  let prefix: string;
  let serverA: INestApplication;
  let serverB: INestApplication;
  let a: string;
  let b: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('rate-limits');
    database = await createTestPostgresDatabase();
    prefix = testQueuePrefix('rate-limits');
    const env = (name: string): NodeJS.ProcessEnv => ({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, name),
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      MODERATION_QUEUE_PROCESSORS: 'off',
      MODERATION_RATE_LIMIT_MODERATION: `4/${MODERATION_WINDOW_SECONDS}s,admin=6/${MODERATION_WINDOW_SECONDS}s`,
      MODERATION_RATE_LIMIT_REVIEW: '3/3s',
      LOG_LEVEL: 'error',
    });
    // One after the other, so only one of them runs the migrations.
    ({ app: serverA } = await createServer(env('a')));
    await serverA.listen(0, '127.0.0.1');
    ({ app: serverB } = await createServer(env('b')));
    await serverB.listen(0, '127.0.0.1');
    [a, b] = [await serverA.getUrl(), await serverB.getUrl()];
  });

  afterAll(async () => {
    await serverA?.close();
    await serverB?.close();
    await database?.drop();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const key = (role: TestKey['role']): Promise<TestKey> => createTestKey(serverA, role);
  const decisions = (base: string, caller: TestKey): Promise<Answer> => call(base, '/v1/decisions?limit=1', caller);
  const moderate = async (base: string, caller: TestKey): Promise<Answer> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await solidImage(RED))]), 'red.png');
    return call(base, '/v1/moderations?policy=colours', caller, { method: 'POST', body: form });
  };

  it('counts a key once across both servers and refuses it on either past the limit, while another key is served', async () => {
    const [one, other] = [await key('submitter'), await key('submitter')];
    const served = [await moderate(a, one), await decisions(b, one), await decisions(a, one), await decisions(b, one)];
    expect(served.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    // One count for both servers: what is left goes down whichever server answered.
    expect(served.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['3', '2', '1', '0']);
    expect(served[0]!.headers.get('x-ratelimit-limit')).toBe('4');

    const refusedOnA = await decisions(a, one);
    const retryAfter = retryAfterOf(refusedOnA);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(MODERATION_WINDOW_SECONDS);
    expect(refusedOnA.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      requestId: expect.any(String),
      details: { group: 'moderation', limit: 4, windowSeconds: MODERATION_WINDOW_SECONDS, retryAfterSeconds: retryAfter },
    });
    expect(retryAfterOf(await decisions(b, one))).toBeGreaterThanOrEqual(1);
    expect((await moderate(b, one)).body.code).toBe('RATE_LIMITED');

    const forOther = [await decisions(a, other), await moderate(b, other)];
    expect(forOther.map((answer) => [answer.status, answer.headers.get('x-ratelimit-remaining')])).toEqual([
      [200, '3'],
      [200, '2'],
    ]);
  });

  it('counts each route group apart, and leaves a group without a limit unlimited', async () => {
    const reviewer = await key('reviewer');
    expect(await statuses(5, () => decisions(a, reviewer))).toEqual([200, 200, 200, 200, 429]);
    // The moderation group is spent; the review group is not.
    expect(await statuses(4, () => call(b, '/v1/review/queues', reviewer))).toEqual([200, 200, 200, 429]);
    // No MODERATION_RATE_LIMIT_ADMIN: policies (an admin-group route) stay open, and say nothing about limits.
    const policies = await Promise.all(Array.from({ length: 12 }, () => call(a, '/v1/policies', reviewer)));
    expect(policies.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(policies[0]!.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it("gives a role's keys the limit its override sets", async () => {
    const admin = await key('admin');
    expect(await statuses(7, () => decisions(b, admin))).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('serves a refused key again once Retry-After has passed, in a fresh window', async () => {
    const reviewer = await key('reviewer');
    expect(await statuses(3, () => call(a, '/v1/review/queues', reviewer))).toEqual([200, 200, 200]);
    const refused = await call(b, '/v1/review/queues', reviewer);
    const retryAfter = retryAfterOf(refused);
    expect(retryAfter).toBeLessThanOrEqual(3);
    await sleep(retryAfter * 1000 + 100);
    const again = await call(b, '/v1/review/queues', reviewer);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('never limits health probes or metrics', async () => {
    for (const path of ['/health/live', '/health/ready', '/health/queue', '/metrics']) {
      const answers = await statuses(15, () => call(a, path));
      expect(answers).not.toContain(429);
      expect((await call(a, path)).headers.get('x-ratelimit-limit')).toBeNull();
    }
  });

  it('keeps the counts in Redis, under the deployment prefix', async () => {
    const submitter = await key('submitter');
    await decisions(a, submitter);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:rate-limit:*`);
      expect(keys).toContain(`${prefix}:rate-limit:{moderation:key:${submitter.id}:default}:hits`);
    } finally {
      redis.disconnect();
    }
  });

  it('documents 429 with Retry-After on every operation of a rate-limit group, and only there', async () => {
    const document = (await call(a, '/docs-json')).body as { paths: Record<string, Record<string, Record<string, any>>> };
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ name: `${method} ${path}`, operation })));
    const withRoles = operations.filter(({ operation }) => operation['x-roles'] !== undefined);
    expect(withRoles.length).toBeGreaterThan(30);
    for (const { name, operation } of withRoles) {
      // Every route that needs a key belongs to a group, so none can be forgotten by the limiter.
      expect([name, operation['x-rate-limit-group']]).toEqual([name, expect.stringMatching(/^(moderation|review|admin)$/)]);
      expect([name, operation.responses['429']?.description]).toEqual([name, expect.stringContaining('RATE_LIMITED')]);
      expect(operation.responses['429'].headers['Retry-After'].schema).toEqual({ type: 'integer', minimum: 1 });
    }
    const groupOf = (name: string) => operations.find((entry) => entry.name === name)?.operation['x-rate-limit-group'];
    expect(groupOf('post /v1/moderations')).toBe('moderation');
    expect(groupOf('get /v1/jobs/{id}')).toBe('moderation');
    expect(groupOf('post /v1/jobs/{id}/retry')).toBe('admin');
    expect(groupOf('post /v1/decisions/{id}/appeals')).toBe('review');
    expect(groupOf('get /v1/keys')).toBe('admin');
    const unlimited = operations.filter(({ name }) => name.includes('/health'));
    expect(unlimited.length).toBeGreaterThan(0);
    for (const { operation } of unlimited) expect(operation.responses['429']).toBeUndefined();
  });
});

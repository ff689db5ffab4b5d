import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, GREEN, RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { createTestPostgresDatabase } from '../../support/postgres-database';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from './support/redis-test-prefix';
import { waitFor } from './support/wait-for';
import { WebhookReceiver } from './support/webhook-receiver';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const SECRET = 'test-webhook-secret-0123456789';

/**
 * The SDK's verifier, to prove the SDK accepts what the server sends. Loaded with require() because
 * the SDK is type-checked by its own tsconfig (with DOM types this project's tsconfig lacks).
 */
const { verifyWebhook } = require('../../../sdk/src/webhook') as {
  verifyWebhook(rawBody: string, headers: Record<string, string>, secret: string): Promise<{ jobId: string }>;
};

describe.each(['sqlite', 'postgres'] as const)('asynchronous moderation on %s (server with inline processors)', (database) => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let base: string;
  let prefix: string;
  let receiver: WebhookReceiver;
  let dropDatabase: (() => Promise<void>) | undefined;
  // Auth is on, as in production: submitters send images and read their jobs; admins do the rest.
  let admin: TestKey;
  let submitter: TestKey;
  let otherSubmitter: TestKey;

  beforeAll(async () => {
    fixture = await createModerationFixture(`async-${database}`);
    receiver = await WebhookReceiver.start(SECRET);
    prefix = testQueuePrefix(`async-${database}`);
    const env: NodeJS.ProcessEnv = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      LOG_LEVEL: 'error',
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      MODERATION_JOB_ATTEMPTS: '3',
      MODERATION_JOB_BACKOFF_MS: '100',
      MODERATION_WEBHOOK_SECRET: SECRET,
      MODERATION_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      MODERATION_WEBHOOKS: JSON.stringify({ 'source-hooked': receiver.url('/by-source') }),
      MODERATION_WEBHOOK_BACKOFF_MS: '100',
    };
    if (database === 'postgres') {
      const pg = await createTestPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropDatabase = pg.drop;
    }
    ({ app } = await createServer(env));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    [admin, submitter, otherSubmitter] = await Promise.all([createTestKey(app, 'admin'), createTestKey(app, 'submitter'), createTestKey(app, 'submitter')]);
  });

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await dropDatabase?.();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const submit = async (bytes: Buffer, query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; headers: Headers }> => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'upload.bin');
    const response = await fetch(`${base}/v1/moderations${query}`, { method: 'POST', body: form, headers: { ...bearer(submitter), ...headers } });
    return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
  };
  const get = async (path: string, key: TestKey = admin): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${base}${path}`, { headers: bearer(key) });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const post = async (path: string, key: TestKey = admin): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: bearer(key) });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const settled = (id: string): Promise<Json> =>
    waitFor(
      async () => (await get(`/v1/jobs/${id}`)).body,
      (job) => job.state === 'done' || job.state === 'failed',
    );

  it('answers 202 with a job, decides it, and POSTs the signed decision to the callback URL', async () => {
    const callbackUrl = receiver.url('/hooks/red');
    const queued = await submit(await solidImage(RED), `?mode=async&policy=colours&subject=user-9&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ state: 'queued', policy: 'colours', subject: 'user-9', attemptsMade: 0, maxAttempts: 3, decisionId: null });
    expect(queued.headers.get('location')).toBe(`/v1/jobs/${queued.body.id}`);

    const done = await settled(queued.body.id);
    expect(done).toMatchObject({ id: queued.body.id, state: 'done', action: 'block', reused: false, attemptsMade: 1, error: null });
    const decision = await get(`/v1/decisions/${done.decisionId}`, submitter);
    expect(decision.body).toMatchObject({ id: done.decisionId, action: 'block', subject: 'user-9', triggered: ['red'], apiKeyId: submitter.id });

    const [delivery] = await waitFor(async () => receiver.on('/hooks/red'), (list) => list.length === 1);
    expect(delivery!.signatureValid).toBe(true);
    expect(delivery!.headers['x-moderation-event']).toBe('decision.created');
    expect(delivery!.headers['content-type']).toBe('application/json');
    const event = JSON.parse(delivery!.rawBody) as Json;
    expect(event).toMatchObject({ event: 'decision.created', jobId: done.id, decision: { id: done.decisionId, action: 'block' } });
    expect(event.decision.embedding).toBeUndefined();
    expect(event.decision.frameEmbeddings).toBeUndefined();
    // The SDK's verifier accepts the delivery as sent, and refuses it under another secret.
    await expect(verifyWebhook(delivery!.rawBody, delivery!.headers as Record<string, string>, SECRET)).resolves.toMatchObject({ jobId: done.id });
    await expect(verifyWebhook(delivery!.rawBody, delivery!.headers as Record<string, string>, 'another-secret-entirely')).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });

    const log = await waitFor(async () => (await get(`/v1/jobs/${done.id}/webhook-deliveries`)).body.items as Json[], (items) => items.length === 1);
    expect(log[0]).toMatchObject({ jobId: done.id, decisionId: done.decisionId, url: callbackUrl, attempt: 1, outcome: 'delivered', statusCode: 200, error: null });
    expect(log[0]!.deliveryId).toBe(delivery!.headers['x-moderation-delivery']);
  });

  it('retries a failed delivery with backoff, logging every attempt, and uses per-source URLs', async () => {
    receiver.script('/by-source', [503, 500]);
    const queued = await submit(await solidImage(BLUE), '?mode=async&policy=colours&source=source-hooked&fresh=true');
    const done = await settled(queued.body.id);
    expect(done.state).toBe('done');
    const received = await waitFor(async () => receiver.on('/by-source'), (list) => list.length === 3);
    expect(received.map((request) => request.answered)).toEqual([503, 500, 200]);
    expect(received.every((request) => request.signatureValid)).toBe(true);
    // Every attempt carries the same body and delivery id; only the signature's timestamp may differ.
    expect(new Set(received.map((request) => request.rawBody)).size).toBe(1);
    expect(new Set(received.map((request) => request.headers['x-moderation-delivery'])).size).toBe(1);
    const log = await waitFor(async () => (await get(`/v1/jobs/${done.id}/webhook-deliveries`)).body.items as Json[], (items) => items.length === 3);
    expect(log.map((attempt) => [attempt.attempt, attempt.outcome, attempt.statusCode])).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 500],
      [3, 'delivered', 200],
    ]);
  });

  it('fails a broken image at once with its code, keeps the job, and lets an admin retry it', async () => {
    const truncated = (await solidImage(RED, 'png', 200)).subarray(0, 120);
    const queued = await submit(truncated, '?mode=async&policy=colours');
    expect(queued.status).toBe(202);
    const failed = await settled(queued.body.id);
    expect(failed).toMatchObject({ state: 'failed', attemptsMade: 1, maxAttempts: 3, decisionId: null, error: { code: 'IMAGE_CORRUPT' } });
    expect(failed.finishedAt).toEqual(expect.any(String));

    const retried = await post(`/v1/jobs/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.state).toMatch(/queued|active|failed/);
    const again = await waitFor(async () => (await get(`/v1/jobs/${failed.id}`)).body, (job) => job.state === 'failed' && job.attemptsMade === 2);
    expect(again.error.code).toBe('IMAGE_CORRUPT');

    const done = await settled((await submit(await solidImage(GREEN), '?mode=async&policy=colours')).body.id);
    expect(await post(`/v1/jobs/${done.id}/retry`)).toMatchObject({ status: 409, body: { code: 'JOB_NOT_RETRYABLE' } });
  });

  it('shows a job to the key that submitted it, reviewers and admins; admin routes need an admin key', async () => {
    const done = await settled((await submit(await solidImage(RED, 'png', 30), '?mode=async&policy=colours')).body.id);
    expect(await get(`/v1/jobs/${done.id}`, submitter)).toMatchObject({ status: 200, body: { id: done.id, state: 'done' } });
    expect(await get(`/v1/jobs/${done.id}`, otherSubmitter)).toMatchObject({ status: 404, body: { code: 'JOB_NOT_FOUND' } });
    expect(await post(`/v1/jobs/${done.id}/retry`, submitter)).toMatchObject({ status: 403, body: { code: 'AUTH_FORBIDDEN' } });
    expect(await get('/v1/queue/metrics', submitter)).toMatchObject({ status: 403, body: { code: 'AUTH_FORBIDDEN' } });
    expect(await get(`/v1/jobs/${done.id}/webhook-deliveries`, submitter)).toMatchObject({ status: 403, body: { code: 'AUTH_FORBIDDEN' } });
    expect((await fetch(`${base}/v1/jobs/${done.id}`)).status).toBe(401);
    expect((await fetch(`${base}/health/queue`)).status).toBe(200);
  });

  it('refuses what it can before queueing, with stable codes', async () => {
    const red = await solidImage(RED);
    const outside = await submit(red, `?mode=async&policy=colours&callbackUrl=${encodeURIComponent('http://169.254.169.254/latest/meta-data')}`);
    expect(outside).toMatchObject({ status: 400, body: { code: 'CALLBACK_URL_NOT_ALLOWED' } });
    const credentials = await submit(red, `?mode=async&policy=colours&callbackUrl=${encodeURIComponent('http://user:pw@127.0.0.1/x')}`);
    expect(credentials.body.code).toBe('CALLBACK_URL_NOT_ALLOWED');
    expect((await submit(red, `?policy=colours&callbackUrl=${encodeURIComponent(receiver.url('/x'))}`)).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await submit(red, '?mode=later')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await submit(red, '?mode=async&policy=nope')).body).toMatchObject({ statusCode: 404, code: 'POLICY_NOT_FOUND' });
    expect((await submit(Buffer.from('not an image at all'), '?mode=async&policy=colours')).body).toMatchObject({ statusCode: 415, code: 'IMAGE_UNSUPPORTED_FORMAT' });
    expect(await get('/v1/jobs/2b0b1f0e-8a4d-4c39-9a76-1d2d8a6b9c10')).toMatchObject({ status: 404, body: { code: 'JOB_NOT_FOUND' } });
    expect(await get('/v1/jobs/not-a-job')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('gives a repeated request with the same idempotency key the same job', async () => {
    const key = `async-${database}-${Date.now()}`;
    const image = await solidImage(GREEN, 'png', 40);
    const first = await submit(image, '?mode=async&policy=colours&fresh=true', { 'idempotency-key': key });
    const second = await submit(image, '?mode=async&policy=colours&fresh=true', { 'idempotency-key': key });
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect((await submit(await solidImage(BLUE, 'png', 40), '?mode=async&policy=colours', { 'idempotency-key': key })).body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    await settled(first.body.id);
  });

  it('reports queue counts and throughput', async () => {
    const metrics = await get('/v1/queue/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body.moderation).toMatchObject({ name: 'moderation', counts: { waiting: 0, active: 0 }, workers: 1 });
    expect(metrics.body.moderation.counts.completed).toBeGreaterThanOrEqual(5);
    expect(metrics.body.moderation.counts.failed).toBe(1);
    expect(metrics.body.moderation.throughput.completedLastMinute).toBeGreaterThanOrEqual(5);
    expect(metrics.body.webhooks.counts.completed).toBe(2);
    const health = await get('/health/queue', admin);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', moderation: { failed: 1 } } });
  });
});

import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { AppProcess } from '../../support/app-process';
import { BLUE, RED, solidImage } from '../../support/colour-images';
import { freePort } from '../../support/free-port';
import { PrivateRedis } from '../../support/private-redis';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { ScrapedMetrics, scrapeMetrics } from '../../support/prometheus-metrics';
import { TEST_DRIVERS } from '../../support/test-database';
import { createTestPostgresDatabase } from '../../support/postgres-database';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from '../jobs/support/redis-test-prefix';
import { waitFor } from '../jobs/support/wait-for';
import { WebhookReceiver } from '../jobs/support/webhook-receiver';
import { WorkerProcess } from '../jobs/support/worker-process';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const TOKEN = 'metrics-token-0123456789abcdef';
const SECRET = 'test-webhook-secret-0123456789';

/** Every family the README documents for the server (HTTP, engine, decisions, queue, webhooks, review, availability). */
const SERVER_FAMILIES = [
  'moderation_http_requests_total',
  'moderation_http_request_duration_seconds',
  'moderation_engine_queue_depth',
  'moderation_engine_pending_frames',
  'moderation_engine_batch_size',
  'moderation_engine_decode_duration_seconds',
  'moderation_engine_inference_duration_seconds',
  'moderation_engine_images_scored_total',
  'moderation_engine_overload_refusals_total',
  'moderation_engine_inference_restarts_total',
  'moderation_decisions_total',
  'moderation_decision_categories_total',
  'moderation_queue_jobs',
  'moderation_job_latency_seconds',
  'moderation_webhook_deliveries_total',
  'moderation_review_queue_items',
  'moderation_review_oldest_item_age_seconds',
  'moderation_database_up',
  'moderation_redis_up',
  // Node's process metrics.
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_heap_size_used_bytes',
];

/** The worker's: the same registry without the HTTP API's and the review API's families. */
const WORKER_FAMILIES = SERVER_FAMILIES.filter((name) => !name.startsWith('moderation_http_') && !name.startsWith('moderation_review_'));

describe.each(TEST_DRIVERS)('Prometheus metrics on %s (server with processors off, a worker with a metrics port)', (driver) => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let base: string;
  let prefix: string;
  let receiver: WebhookReceiver;
  let submitter: TestKey;
  let worker: AppProcess | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let env: NodeJS.ProcessEnv;
  let queuedJobId: string;

  beforeAll(async () => {
    fixture = await createModerationFixture(`metrics-${driver}`);
    receiver = await WebhookReceiver.start(SECRET);
    prefix = testQueuePrefix(`metrics-${driver}`);
    env = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      LOG_LEVEL: 'error',
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      MODERATION_WEBHOOK_SECRET: SECRET,
      MODERATION_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      MODERATION_METRICS_TOKEN: TOKEN,
    };
    if (driver === 'postgres') {
      const database = await createTestPostgresDatabase();
      env.DATABASE_URL = database.url;
      dropDatabase = database.drop;
    }
    // Jobs stay queued until the worker of the last test takes them.
    ({ app } = await createServer({ ...env, MODERATION_QUEUE_PROCESSORS: 'off' }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    submitter = await createTestKey(app, 'submitter');
  });

  afterAll(async () => {
    await worker?.stop('SIGTERM');
    await app?.close();
    await receiver?.close();
    await dropDatabase?.();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const scrape = (): Promise<ScrapedMetrics> => scrapeMetrics(`${base}/metrics`, TOKEN);
  const moderate = async (bytes: Buffer, query: string): Promise<{ status: number; body: Json }> => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'upload.bin');
    const response = await fetch(`${base}/v1/moderations${query}`, { method: 'POST', body: form, headers: bearer(submitter) });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('refuses a scrape without the token or with another one (401), and serves the text format with it', async () => {
    const anonymous = await fetch(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="clip-moderation-metrics"');
    expect(await anonymous.json()).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
    // An API key is not the metrics token.
    const withApiKey = await fetch(`${base}/metrics`, { headers: bearer(submitter) });
    expect(withApiKey.status).toBe(401);
    expect(await withApiKey.json()).toMatchObject({ code: 'AUTH_INVALID_KEY' });
    const scraped = await scrape();
    expect(scraped.names.length).toBeGreaterThan(20);
  });

  it('has every family, named in Prometheus conventions, with the process metrics', async () => {
    const scraped = await scrape();
    for (const name of SERVER_FAMILIES) expect(scraped.family(name).name).toBe(name);
    expect(scraped.family('moderation_engine_images_scored_total').type).toBe('COUNTER');
    expect(scraped.family('moderation_http_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(scraped.family('moderation_review_queue_items').type).toBe('GAUGE');
  });

  it('moves the HTTP, decision and engine figures with a moderation, and shows its review item in the queue depth', async () => {
    const before = await scrape();
    const subject = `metrics-subject-${driver}`;
    const moderated = await moderate(await solidImage(BLUE, 'jpeg'), `?policy=colours&subject=${subject}`);
    expect(moderated.body).toMatchObject({ action: 'review', triggered: ['blue'] });
    // The same bytes again reuse the stored decision: no new decision to count.
    expect((await moderate(await solidImage(BLUE, 'jpeg'), `?policy=colours&subject=${subject}`)).body).toMatchObject({ id: moderated.body.id, reused: true });
    // A route with an id is counted under its template.
    expect((await fetch(`${base}/v1/decisions/${moderated.body.id}`, { headers: bearer(submitter) })).status).toBe(200);
    const after = await scrape();

    const posted = { method: 'POST', route: '/v1/moderations', status: '200' };
    expect(after.value('moderation_http_requests_total', posted) - before.value('moderation_http_requests_total', posted)).toBe(2);
    expect(after.count('moderation_http_request_duration_seconds', posted) - before.count('moderation_http_request_duration_seconds', posted)).toBe(2);
    expect(after.value('moderation_http_requests_total', { method: 'GET', route: '/v1/decisions/:id', status: '200' })).toBe(1);

    const reviewed = { policy: 'colours', mode: 'enforce', action: 'review' };
    expect(after.value('moderation_decisions_total', reviewed) - before.value('moderation_decisions_total', reviewed)).toBe(1);
    const blue = { policy: 'colours', mode: 'enforce', category: 'blue', action: 'review' };
    expect(after.value('moderation_decision_categories_total', blue) - before.value('moderation_decision_categories_total', blue)).toBe(1);

    expect(after.value('moderation_engine_images_scored_total') - before.value('moderation_engine_images_scored_total')).toBe(1);
    expect(after.count('moderation_engine_decode_duration_seconds') - before.count('moderation_engine_decode_duration_seconds')).toBe(1);
    expect(after.count('moderation_engine_batch_size')).toBeGreaterThan(before.count('moderation_engine_batch_size'));
    expect(after.count('moderation_engine_inference_duration_seconds')).toBeGreaterThan(before.count('moderation_engine_inference_duration_seconds'));
    expect(after.value('moderation_engine_queue_depth')).toBe(0);

    // No subject, decision id or raw path is ever a label value.
    const labels = after.labelValues();
    expect(labels.filter((value) => value.includes(subject) || value.includes(moderated.body.id))).toEqual([]);

    // The depth is read at most every few seconds, so it may take one period to show.
    const pending = { queue: 'review', state: 'pending' };
    const shown = await waitFor(scrape, (scraped) => scraped.value('moderation_review_queue_items', pending) > before.value('moderation_review_queue_items', pending), 15_000, 250);
    expect(shown.value('moderation_review_queue_items', pending) - before.value('moderation_review_queue_items', pending)).toBe(1);
    expect(shown.value('moderation_review_oldest_item_age_seconds', { queue: 'review' })).toBeGreaterThan(0);
    expect(shown.value('moderation_review_queue_items', { queue: 'appeals', state: 'pending' })).toBe(0);
  });

  it('shows a queued job in the job counts, with Redis and the database up', async () => {
    const query = `?mode=async&policy=colours&callbackUrl=${encodeURIComponent(receiver.url('/hooks/metrics'))}`;
    const queued = await moderate(await solidImage(RED), query);
    expect(queued.status).toBe(202);
    queuedJobId = queued.body.id;
    const waiting = { queue: 'moderation', state: 'waiting' };
    const scraped = await waitFor(scrape, (value) => value.value('moderation_queue_jobs', waiting) === 1, 10_000, 250);
    expect(scraped.value('moderation_queue_jobs', { queue: 'moderation', state: 'active' })).toBe(0);
    expect(scraped.value('moderation_queue_jobs', { queue: 'moderation-webhooks', state: 'waiting' })).toBe(0);
    expect(scraped.value('moderation_redis_up')).toBe(1);
    expect(scraped.value('moderation_database_up')).toBe(1);
    expect(scraped.value('moderation_http_requests_total', { method: 'POST', route: '/v1/moderations', status: '202' })).toBe(1);
  });

  it('serves the worker its own engine, job, webhook and decision figures on MODERATION_WORKER_METRICS_PORT', async () => {
    const port = await freePort();
    worker = await WorkerProcess.start({ ...env, HOST: '127.0.0.1', MODERATION_WORKER_METRICS_PORT: String(port) });
    const url = `http://127.0.0.1:${port}/metrics`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);

    // The worker takes the job queued by the previous test, decides it and delivers its webhook.
    await waitFor(async () => receiver.on('/hooks/metrics'), (list) => list.length === 1, 30_000);
    // The webhook may be delivered before Bull marks the moderation job completed, so wait for both.
    const delivered = { outcome: 'delivered' };
    const scraped = await waitFor(
      () => scrapeMetrics(url, TOKEN),
      (value) => value.value('moderation_webhook_deliveries_total', delivered) === 1 && value.count('moderation_job_latency_seconds', { queue: 'moderation' }) === 1,
      10_000,
      100,
    );
    for (const name of WORKER_FAMILIES) expect(scraped.family(name).name).toBe(name);
    expect(scraped.names.filter((name) => name.startsWith('moderation_http_'))).toEqual([]);
    expect(scraped.count('moderation_job_latency_seconds', { queue: 'moderation' })).toBe(1);
    expect(scraped.value('moderation_decisions_total', { policy: 'colours', mode: 'enforce', action: 'block' })).toBe(1);
    expect(scraped.value('moderation_engine_images_scored_total')).toBe(1);
    expect(scraped.count('moderation_engine_inference_duration_seconds')).toBeGreaterThanOrEqual(1);
    expect(scraped.value('moderation_redis_up')).toBe(1);
    expect(scraped.value('moderation_database_up')).toBe(1);
    const job = await fetch(`${base}/v1/jobs/${queuedJobId}`, { headers: bearer(submitter) });
    expect(await job.json()).toMatchObject({ id: queuedJobId, state: 'done', action: 'block' });
    // The server decided nothing of it: each process counts only what it did.
    const server = await scrape();
    expect(server.value('moderation_decisions_total', { policy: 'colours', action: 'block' })).toBe(0);
    expect(server.count('moderation_job_latency_seconds')).toBe(0);
  }, 90_000);
});

describe('Prometheus metrics without a token, through a Redis outage (SQLite)', () => {
  let fixture: ModerationFixture;
  let redis: PrivateRedis;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('metrics-open');
    redis = await PrivateRedis.start();
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      LOG_LEVEL: 'error',
      REDIS_URL: redis.url,
      MODERATION_QUEUE_PROCESSORS: 'off',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('serves /metrics to anyone, counts paths no route matched under one label, and keeps it out of the OpenAPI document', async () => {
    for (const path of ['/no/such/page/1', '/no/such/page/2']) expect((await fetch(`${base}${path}`)).status).toBe(404);
    const scraped = await scrapeMetrics(`${base}/metrics`);
    expect(scraped.value('moderation_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(2);
    expect(scraped.labelValues().filter((value) => value.startsWith('/no/such'))).toEqual([]);
    expect(scraped.value('moderation_redis_up')).toBe(1);
    const document = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path === '/metrics' || path.endsWith('/metrics') && !path.startsWith('/v1/queue'))).toEqual([]);
  });

  it('answers within the read timeout while Redis is down, with moderation_redis_up 0 and no job counts', async () => {
    await redis.stop();
    // Past the few seconds an answer is reused.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const started = Date.now();
    const scraped = await scrapeMetrics(`${base}/metrics`);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(scraped.value('moderation_redis_up')).toBe(0);
    expect(scraped.family('moderation_queue_jobs').metrics).toEqual([]);
    expect(scraped.value('moderation_database_up')).toBe(1);
    await redis.resume();
    const back = await waitFor(() => scrapeMetrics(`${base}/metrics`), (value) => value.value('moderation_redis_up') === 1, 15_000, 250);
    expect(back.value('moderation_queue_jobs', { queue: 'moderation', state: 'waiting' })).toBe(0);
  });
});

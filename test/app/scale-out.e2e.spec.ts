import { join } from 'node:path';
import { Client } from 'pg';
import { AppProcess } from '../support/app-process';
import { BLUE, GREEN, RED, Rgb, solidImage } from '../support/colour-images';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { freePort } from '../support/free-port';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';
import { TestPostgresDatabase, createTestPostgresDatabase } from '../support/postgres-database';
import { PrivateRedis } from '../support/private-redis';
import { ScrapedMetrics } from '../support/prometheus-metrics';
import { runModerate } from '../support/run-moderate';
import { waitFor } from '../features/jobs/support/wait-for';
import { WorkerProcess } from '../features/jobs/support/worker-process';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const JOBS = 200;
/** How often every process rereads which policy version is active. */
const REFRESH_SECONDS = 1;
/** Review requests one key may make per window, across all servers. */
const REVIEW_LIMIT = 12;
const METRICS_TOKEN = 'scale-out-metrics-token';

/** The colours policy with blue's thresholds out of reach: blue images are allowed once it is active. */
const BLUE_ALLOWED_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.99 }', 'thresholds: { review: 0.995, block: 0.999 }');

/**
 * The deployment the README describes, as separate processes: API servers A and B (no job
 * processors) and two workers, sharing one PostgreSQL database, one Redis and the image store in
 * the database; each process has a data folder of its own, so nothing can pass through a local disk.
 */
describe('two API servers and two workers on one PostgreSQL and one Redis', () => {
  let fixture: ModerationFixture;
  let database: TestPostgresDatabase;
  let redis: PrivateRedis;
  let servers: { a: string; b: string };
  const processes: AppProcess[] = [];
  let workers: AppProcess[] = [];
  let workerMetrics: string[] = [];
  let jobIds: string[] = [];
  const keys: Record<'admin' | 'reviewer' | 'submitter' | 'limited', string> = { admin: '', reviewer: '', submitter: '', limited: '' };

  beforeAll(async () => {
    fixture = await createModerationFixture('scale-out');
    database = await createTestPostgresDatabase();
    redis = await PrivateRedis.start();
    const shared: NodeJS.ProcessEnv = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      MODERATION_IMAGE_STORE: 'database',
      MODERATION_UPLOAD_STORE: 'images',
      MODERATION_POLICY_REFRESH_SECONDS: String(REFRESH_SECONDS),
      MODERATION_REVIEW_SAMPLE_RATE: '0',
      MODERATION_RATE_LIMIT_REVIEW: `${REVIEW_LIMIT}/120s`,
      MODERATION_IMAGE_PURGE_INTERVAL_MINUTES: '0',
      MODERATION_METRICS_TOKEN: METRICS_TOKEN,
      // The defaults an operator gets: info, JSON lines (stdout is a pipe, not a terminal).
      LOG_LEVEL: undefined,
      MODERATION_LOG_FORMAT: undefined,
    };
    const server = async (name: string): Promise<string> => {
      const port = await freePort();
      const env = { ...shared, MODERATION_QUEUE_PROCESSORS: 'off', MODERATION_DATA_DIR: join(fixture.root, `data-${name}`), HOST: '127.0.0.1', PORT: String(port) };
      processes.push(await AppProcess.node('app/main.ts', env, /moderation server \d+ listening/, 60_000));
      return `http://127.0.0.1:${port}`;
    };
    // A migrates the database first; the keys are made the way an operator makes them.
    const a = await server('a');
    for (const role of ['admin', 'reviewer', 'submitter'] as const) keys[role] = await createKey(role, shared);
    keys.limited = await createKey('reviewer', shared);
    const metricsPorts = [await freePort(), await freePort()];
    workerMetrics = metricsPorts.map((port) => `http://127.0.0.1:${port}`);
    const startWorker = (name: string, metricsPort: number): Promise<AppProcess> =>
      WorkerProcess.start({ ...shared, MODERATION_DATA_DIR: join(fixture.root, `data-${name}`), MODERATION_WORKER_CONCURRENCY: '2', MODERATION_WORKER_METRICS_PORT: String(metricsPort) }, 60_000);
    const [b, ...started] = await Promise.all([server('b'), startWorker('worker-1', metricsPorts[0]!), startWorker('worker-2', metricsPorts[1]!)]);
    servers = { a, b: b as string };
    workers = started as AppProcess[];
    processes.push(...workers);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop('SIGTERM')));
    await redis?.stop();
    await database?.drop();
  });

  async function createKey(role: string, env: NodeJS.ProcessEnv): Promise<string> {
    const created = await runModerate(['keys', 'create', '--role', role, '--name', `scale-out-${role}-${Math.random().toString(36).slice(2, 8)}`], env);
    expect(created).toMatchObject({ code: 0 });
    return created.stdout.trim();
  }

  const call = async (base: string, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Json) : {}, headers: response.headers };
  };

  const moderate = async (base: string, colour: Rgb, mode: 'sync' | 'async', requestId?: string): Promise<Json> => {
    const response = await fetch(`${base}/v1/moderations?policy=colours&fresh=true${mode === 'async' ? '&mode=async' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.submitter}`, 'content-type': 'image/png', ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: new Uint8Array(await solidImage(colour)),
    });
    expect(response.status).toBe(mode === 'async' ? 202 : 200);
    return (await response.json()) as Json;
  };

  const job = async (id: string): Promise<Json> => (await call(servers.a, 'GET', `/v1/jobs/${id}`, keys.submitter)).body;
  const ranBy = (id: string): AppProcess[] => workers.filter((worker) => worker.printed(new RegExp(`job ${id} done`)));

  it('shows through server B the image of a review item made through server A', async () => {
    const image = await solidImage(BLUE);
    const made = await fetch(`${servers.a}/v1/moderations?policy=colours&fresh=true`, { method: 'POST', headers: { authorization: `Bearer ${keys.submitter}`, 'content-type': 'image/png' }, body: new Uint8Array(image) });
    const decision = (await made.json()) as Json;
    expect(decision.action).toBe('review');

    const claimed = await call(servers.b, 'POST', `/v1/review/queues/review/claim`, keys.reviewer, {});
    expect(claimed.status).toBe(200);
    expect(claimed.body.item).toMatchObject({ decision: { id: decision.id } });
    const shown = await fetch(`${servers.b}/v1/review/items/${claimed.body.item.id}/image`, { headers: { authorization: `Bearer ${keys.reviewer}` } });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shown.arrayBuffer()).equals(image)).toBe(true);
  });

  it('enforces a version promoted on A on B and on both workers within the refresh interval', async () => {
    const submitted = await call(servers.a, 'POST', '/v1/policies/colours/versions', keys.admin, { candidate: BLUE_ALLOWED_YAML, reason: 'blue is fine on this site' });
    expect(submitted.status).toBe(201);
    const version = submitted.body.version.version as string;
    const promoted = await call(servers.a, 'POST', '/v1/policies/colours/promote', keys.admin, { version, reason: 'blue is fine on this site' });
    expect(promoted.status).toBe(200);
    const promotedAt = Date.now();

    // B picks the promotion up from the database within the refresh interval (and a little for the load).
    const onB = await waitFor(() => moderate(servers.b, BLUE, 'sync'), (decision) => decision.action === 'allow', 10_000, 200);
    expect(onB.policy).toEqual({ id: 'colours', version });
    const tookMs = Date.now() - promotedAt;
    expect(tookMs).toBeLessThan(REFRESH_SECONDS * 1000 + 5_000);
    await new Promise((resolve) => setTimeout(resolve, REFRESH_SECONDS * 1000 + 1_000));

    // Enough jobs that each worker takes some; every one is decided under the promoted version.
    const ids = await Promise.all(Array.from({ length: 12 }, (_, index) => moderate(index % 2 ? servers.a : servers.b, BLUE, 'async'))).then((queued) => queued.map((queued) => queued.id as string));
    const finished = await waitFor(() => Promise.all(ids.map(job)), (states) => states.every((state) => state.state === 'done'), 60_000, 250);
    expect(finished.map((state) => state.action)).toEqual(ids.map(() => 'allow'));
    expect(workers.every((worker) => ids.some((id) => ranBy(id).includes(worker)))).toBe(true);
    const decisions = await Promise.all(finished.map((state) => call(servers.b, 'GET', `/v1/decisions/${state.decisionId}`, keys.admin)));
    expect(new Set(decisions.map((decision) => decision.body.policy.version))).toEqual(new Set([version]));
    console.log(`promotion on A enforced on B after ${tookMs} ms (refresh ${REFRESH_SECONDS} s); 12 jobs on both workers under it`);
  }, 120_000);

  it('holds a key to one rate limit across both servers', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < REVIEW_LIMIT; index++) statuses.push((await call(index % 2 ? servers.a : servers.b, 'GET', '/v1/review/queues', keys.limited)).status);
    expect(statuses).toEqual(statuses.map(() => 200));
    for (const base of [servers.a, servers.b]) {
      const refused = await call(base, 'GET', '/v1/review/queues', keys.limited);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another key is counted on its own.
    expect((await call(servers.b, 'GET', '/v1/review/queues', keys.reviewer)).status).toBe(200);
  });

  it(`spreads ${JOBS} async jobs over both workers, decides each once and leaves no upload behind`, async () => {
    const started = Date.now();
    const colours: Rgb[] = [RED, GREEN, BLUE];
    const ids: string[] = [];
    // Sent in small waves through both servers, as load balancers would.
    for (let wave = 0; wave < JOBS / 20; wave++) {
      const queued = await Promise.all(Array.from({ length: 20 }, (_, index) => moderate(index % 2 ? servers.a : servers.b, colours[(wave + index) % 3]!, 'async', `scale-out-${wave}-${index}`)));
      ids.push(...queued.map((queued) => queued.id as string));
    }
    const finished = await waitFor(() => Promise.all(ids.map(job)), (states) => states.every((state) => state.state === 'done' || state.state === 'failed'), 240_000, 1_000);
    expect(finished.filter((state) => state.state !== 'done')).toEqual([]);

    const perWorker = workers.map((worker) => ids.filter((id) => ranBy(id).includes(worker)).length);
    expect(perWorker.every((count) => count >= JOBS / 10)).toBe(true);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query<{ job_id: string; n: string }>('SELECT job_id, COUNT(*) AS n FROM moderation_decisions WHERE job_id = ANY($1) GROUP BY job_id', [ids]);
      expect(rows.rows.length).toBe(JOBS);
      expect(rows.rows.filter((row) => Number(row.n) !== 1)).toEqual([]);
      const uploads = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM moderation_image_bytes WHERE area = 'uploads'`);
      expect(Number(uploads.rows[0]!.n)).toBe(0);
    } finally {
      await client.end();
    }
    expect(await redis.keys('*upload*')).toEqual([]);
    console.log(`${JOBS} jobs through A and B done in ${Date.now() - started} ms; per worker ${perWorker.join(' / ')}; one decision each`);
    jobIds = ids;
  }, 300_000);

  it('counts those jobs once across the workers\' metrics, and every process reports its dependencies up', async () => {
    const scrape = async (base: string, token?: string): Promise<{ status: number; metrics?: ScrapedMetrics }> => {
      const response = await fetch(`${base}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: response.status, metrics: response.status === 200 ? new ScrapedMetrics(await response.text()) : undefined };
    };
    const everyProcess = [servers.a, servers.b, ...workerMetrics];
    for (const base of everyProcess) expect((await scrape(base)).status).toBe(401);
    const scraped = await Promise.all(everyProcess.map(async (base) => (await scrape(base, METRICS_TOKEN)).metrics!));
    for (const metrics of scraped) {
      expect(metrics.value('moderation_database_up')).toBe(1);
      expect(metrics.value('moderation_redis_up')).toBe(1);
    }
    const [a, b, ...onWorkers] = scraped as [ScrapedMetrics, ScrapedMetrics, ...ScrapedMetrics[]];
    // Jobs are counted where they ran: the workers, each some, together every job once (12 earlier, 200 now).
    const perWorker = onWorkers.map((metrics) => metrics.count('moderation_job_latency_seconds', { queue: 'moderation' }));
    expect(perWorker.every((count) => count > 0)).toBe(true);
    expect(perWorker.reduce((total, count) => total + count, 0)).toBe(JOBS + 12);
    // Requests are counted by the server that answered them; the 429s of the rate-limit test included.
    expect(a.value('moderation_http_requests_total', { status: '202' }) + b.value('moderation_http_requests_total', { status: '202' })).toBe(JOBS + 12);
    expect(a.value('moderation_http_requests_total', { status: '429' })).toBeGreaterThanOrEqual(1);
    expect(b.value('moderation_http_requests_total', { status: '429' })).toBeGreaterThanOrEqual(1);
  });

  it('logs JSON lines that carry one request id from the server that took an upload to the worker that decided it', () => {
    for (const process of processes) {
      const lines = process.stdout.split('\n').filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      const unparsed = lines.filter((line) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      });
      expect(unparsed).toEqual([]);
      expect(process.log).not.toContain(keys.submitter);
      expect(process.log).not.toContain(METRICS_TOKEN);
    }
    const entries = processes.flatMap((process) => process.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Json));
    for (const requestId of ['scale-out-0-0', 'scale-out-4-7', 'scale-out-9-19']) {
      const access = entries.filter((entry) => entry.requestId === requestId && entry.route === '/v1/moderations');
      expect(access).toHaveLength(1);
      expect(access[0]).toMatchObject({ status: 202, method: 'POST', name: 'moderation-server' });
      const decided = entries.filter((entry) => entry.requestId === requestId && entry.name === 'moderation-worker' && /job \S+ done/.test(String(entry.msg)));
      expect(decided.length).toBeGreaterThanOrEqual(1);
      expect(jobIds.some((id) => String(decided[0]!.msg).includes(id))).toBe(true);
    }
  });
});

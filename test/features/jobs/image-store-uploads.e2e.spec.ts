import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import Queue from 'bull';
import { Client } from 'pg';
import { createServer } from '../../../src/app/create-server';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { ImageStoreUploadStore } from '../../../src/features/jobs/queue/image-store-upload-store';
import { UPLOAD_STORE } from '../../../src/features/jobs/queue/queue.tokens';
import { resolveImageStorage } from '../../../src/features/review/storage/resolve-image-storage';
import { uploadArea, uploadName } from '../../../src/features/review/storage/upload-area';
import { BLUE, GREEN, RED, Rgb, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { TestPostgresDatabase, createTestPostgresDatabase } from '../../support/postgres-database';
import { S3RVER_CREDENTIALS, S3TestServer } from '../../support/s3-test-server';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from './support/redis-test-prefix';
import { waitFor } from './support/wait-for';
import { WorkerProcess } from './support/worker-process';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

/** The worker holds each job this long after reading its upload, so a test can see the upload in S3. */
const JOB_DELAY_MS = 800;
const PENDING_LIFE_MS = 10 * 60_000;

/**
 * `MODERATION_UPLOAD_STORE=images` with the S3 store: the API (processors off) writes each upload to
 * S3 under uploads/ before its job exists, a real worker process reads it from there, and nothing is
 * left behind, through an S3 outage too.
 */
describe('async uploads kept in the S3 image store, run by a worker process', () => {
  let fixture: ModerationFixture;
  let database: TestPostgresDatabase;
  let s3: S3TestServer;
  let prefix: string;
  let app: INestApplication;
  let base: string;
  let worker: WorkerProcess;
  let redis: Queue.Queue;

  beforeAll(async () => {
    fixture = await createModerationFixture('image-store-uploads');
    database = await createTestPostgresDatabase();
    s3 = await S3TestServer.start();
    prefix = testQueuePrefix('image-uploads');
    redis = new Queue('inspect', TEST_REDIS_URL);
    const env: NodeJS.ProcessEnv = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      MODERATION_AUTH: 'disabled',
      MODERATION_UPLOAD_STORE: 'images',
      MODERATION_JOB_BACKOFF_MS: '100',
      // No quality samples: only review decisions keep their image, so the test knows which.
      MODERATION_REVIEW_SAMPLE_RATE: '0',
      ...s3.env('jobs/'),
    };
    ({ app } = await createServer({ ...env, MODERATION_QUEUE_PROCESSORS: 'off', LOG_LEVEL: 'error' }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    worker = await WorkerProcess.start({ ...env, LOG_LEVEL: 'log', MODERATION_WORKER_CONCURRENCY: '2', MODERATION_TEST_ONLY_JOB_DELAY_MS: String(JOB_DELAY_MS) });
  }, 90_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await app?.close();
    await redis?.close();
    await s3?.remove();
    await database?.drop();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const submit = async (colour: Rgb, size: number): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${base}/v1/moderations?mode=async&policy=colours&fresh=true`, {
      method: 'POST',
      body: await solidImage(colour, 'png', size),
      headers: { 'content-type': 'image/png' },
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const job = async (id: string): Promise<Json> => (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as Json;
  const settled = (ids: readonly string[], timeoutMs: number): Promise<Json[]> =>
    waitFor(() => Promise.all(ids.map(job)), (states) => states.every((status) => status.state === 'done' || status.state === 'failed'), timeoutMs, 250);
  const expiryKey = (): string => `${prefix}:moderation:upload-expiry`;
  const decisionsPerJob = async (): Promise<Map<string, number>> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query<{ job_id: string; n: string }>('SELECT job_id, COUNT(*) AS n FROM moderation_decisions WHERE job_id IS NOT NULL GROUP BY job_id');
      return new Map(rows.rows.map((row) => [row.job_id, Number(row.n)]));
    } finally {
      await client.end();
    }
  };

  it('writes the upload to S3 before the job exists, the worker reads it from there, and no upload is left behind', async () => {
    const first = await submit(BLUE, 64);
    expect(first.status).toBe(202);
    // The worker holds the job for a moment after reading it: the upload is in S3, not in Redis.
    expect(await s3.keys('jobs/uploads/')).toEqual([`jobs/uploads/${uploadName(first.body.id)}`]);
    expect(await redis.client.keys(`${prefix}:moderation:upload:*`)).toEqual([]);
    const ids = [first.body.id as string];
    for (const [index, colour] of [RED, GREEN, BLUE, RED].entries()) {
      const queued = await submit(colour, 70 + index);
      expect(queued.status).toBe(202);
      ids.push(queued.body.id as string);
    }
    const finished = await settled(ids, 30_000);
    expect(finished.map((status) => status.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(worker.printed(new RegExp(`job ${first.body.id} done`))).toBe(true);
    expect(worker.printed(/async uploads wait for their job in S3: bucket moderation-images, keys under jobs\//)).toBe(true);
    // Freed as each job finished, with no sweep needed; the review decisions' images stay.
    expect(await s3.keys('jobs/uploads/')).toEqual([]);
    expect(await redis.client.zcard(expiryKey())).toBe(0);
    // Review images are kept in the same store (images/), for exactly the decisions that reach a person.
    const decided = await Promise.all(finished.map(async (status) => (await (await fetch(`${base}/v1/decisions/${status.decisionId}`)).json()) as Json));
    const reviewed = new Set(decided.filter((decision) => decision.action === 'review').map((decision) => `jobs/images/${decision.content.sha256}`));
    expect(reviewed.size).toBeGreaterThan(0);
    expect(await s3.keys('jobs/images/')).toEqual([...reviewed].sort());
    const decisions = await decisionsPerJob();
    expect(ids.every((id) => decisions.get(id) === 1)).toBe(true);
  }, 60_000);

  it('refuses new uploads with 503 IMAGE_STORE_UNAVAILABLE while S3 is down, leaving no bytes, and queued jobs wait the outage out', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) {
      const queued = await submit(BLUE, 100 + index);
      expect(queued.status).toBe(202);
      ids.push(queued.body.id as string);
    }
    await s3.stop();
    const outageEnds = Date.now() + 6_000;
    const refused = await submit(BLUE, 120);
    expect(refused).toMatchObject({ status: 503, body: { code: 'IMAGE_STORE_UNAVAILABLE' } });
    const seen = new Set<string>();
    while (Date.now() < outageEnds) {
      for (const status of await Promise.all(ids.map(job))) {
        seen.add(status.state as string);
        // Waiting out an outage costs no attempt, and no job reports a failure.
        expect(status).toMatchObject({ error: null });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(seen.has('failed')).toBe(false);
    await s3.resume();

    const finished = await settled(ids, 60_000);
    expect(finished.filter((status) => status.state !== 'done')).toEqual([]);
    expect(finished.every((status) => status.attemptsMade === 1)).toBe(true);
    const decisions = await decisionsPerJob();
    expect(ids.every((id) => decisions.get(id) === 1)).toBe(true);
    console.log(`S3 stopped 6 s under ${ids.length} queued jobs: states seen ${[...seen].sort().join(', ')}; all done afterwards, one attempt each`);

    // A job that finished while S3 was away has its upload's life cut to now; one sweep frees it.
    await (app.get(UPLOAD_STORE, { strict: false }) as ImageStoreUploadStore).sweepExpired();
    expect(await s3.keys('jobs/uploads/')).toEqual([]);
    // The refused request wrote no bytes; its expiry entry is still in its short first life, and harmless.
    const left = await redis.client.zrange(expiryKey(), 0, -1, 'WITHSCORES');
    expect(left.length).toBeLessThanOrEqual(2);
    if (left.length === 2) expect(Number(left[1])).toBeLessThanOrEqual(Date.now() + PENDING_LIFE_MS);
  }, 120_000);

  it('sweeps uploads whose life ended (a job never created) and keeps those whose job exists', async () => {
    const storage = resolveImageStorage({ backend: 's3', s3: { bucket: s3.bucket, endpoint: s3.endpoint, forcePathStyle: true, credentials: { ...S3RVER_CREDENTIALS }, prefix: 'sweep' } });
    const queue = new Queue('sweep-test', TEST_REDIS_URL, { prefix });
    let now = Date.now();
    const uploads = new ImageStoreUploadStore(queue, uploadArea(storage.uploads!, storage.description), () => now);
    try {
      await uploads.put('orphan', new Uint8Array([1, 2, 3]), 1_000);
      await uploads.put('queued', new Uint8Array([4, 5, 6]), 1_000);
      expect(await uploads.keep('queued', 60_000)).toBe(true);
      expect(await uploads.keep('never-stored', 60_000)).toBe(false);
      expect((await s3.keys('sweep/uploads/')).length).toBe(2);
      now += 5_000;
      expect(await uploads.sweepExpired()).toBe(1);
      expect(await uploads.get('orphan')).toBeNull();
      expect(Buffer.from((await uploads.get('queued'))!)).toEqual(Buffer.from([4, 5, 6]));
      expect(await s3.keys('sweep/uploads/')).toEqual([`sweep/uploads/${uploadName('queued')}`]);
      await uploads.delete('queued');
      expect(await s3.keys('sweep/uploads/')).toEqual([]);
      expect(await queue.client.zcard(uploads.expiryKey())).toBe(0);
    } finally {
      await queue.close();
      await storage.close();
    }
  });
});

/** The same with the database store on SQLite, and the server running the jobs itself. */
describe('async uploads kept in the database image store', () => {
  let fixture: ModerationFixture;
  let prefix: string;
  let app: INestApplication;
  let base: string;
  let redis: Queue.Queue;

  beforeAll(async () => {
    fixture = await createModerationFixture('database-uploads');
    prefix = testQueuePrefix('database-uploads');
    redis = new Queue('inspect', TEST_REDIS_URL);
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      MODERATION_AUTH: 'disabled',
      MODERATION_IMAGE_STORE: 'database',
      MODERATION_UPLOAD_STORE: 'images',
      MODERATION_REVIEW_SAMPLE_RATE: '0',
      // Each job waits a moment after reading its upload, so the test sees where the upload is.
      MODERATION_TEST_ONLY_JOB_DELAY_MS: '500',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.close();
    if (prefix) await deleteQueueKeys(prefix);
  });

  it('runs the jobs from the uploads area of the table and leaves no upload row behind', async () => {
    const dataSource = app.get(ModerationDatabase, { strict: false }).dataSource;
    const uploadRows = async (): Promise<string[]> =>
      ((await dataSource.query(`SELECT "sha256" FROM "moderation_image_bytes" WHERE "area" = 'uploads'`)) as Array<{ sha256: string }>).map((row) => row.sha256);
    const ids: string[] = [];
    for (const [index, colour] of [BLUE, RED, GREEN].entries()) {
      const response = await fetch(`${base}/v1/moderations?mode=async&policy=colours&fresh=true`, { method: 'POST', body: await solidImage(colour, 'png', 40 + index), headers: { 'content-type': 'image/png' } });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as Json).id as string);
    }
    // While the jobs run, their uploads are rows of the table, not Redis keys.
    expect(await uploadRows()).toEqual(expect.arrayContaining([uploadName(ids[2]!)]));
    expect(await redis.client.keys(`${prefix}:moderation:upload:*`)).toEqual([]);
    const finished = await waitFor(
      () => Promise.all(ids.map(async (id) => (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as Json)),
      (states) => states.every((status) => status.state === 'done' || status.state === 'failed'),
      30_000,
      100,
    );
    expect(finished.map((status) => status.state)).toEqual(['done', 'done', 'done']);
    expect(await uploadRows()).toEqual([]);
    const areas = (await dataSource.query(`SELECT "area", COUNT(*) AS "n" FROM "moderation_image_bytes" GROUP BY "area"`)) as Array<{ area: string; n: number }>;
    // The blue review decision's image stays; no upload does.
    expect(areas.map((row) => [row.area, Number(row.n)])).toEqual([['images', 1]]);
    expect(await redis.client.zcard(`${prefix}:moderation:upload-expiry`)).toBe(0);
    expect(await redis.client.keys(`${prefix}:moderation:upload:*`)).toEqual([]);
  });
});

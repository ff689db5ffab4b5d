import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, GREEN, RED, Rgb, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { TestPostgresDatabase, createTestPostgresDatabase } from '../../support/postgres-database';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from './support/redis-test-prefix';
import { waitFor } from './support/wait-for';
import { WorkerProcess } from './support/worker-process';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

/** Long enough to kill a worker in the middle of a job without racing it. */
const JOB_DELAY_MS = 1200;

describe('worker processes sharing one queue (PostgreSQL, API with processors off)', () => {
  let fixture: ModerationFixture;
  let database: TestPostgresDatabase;
  let prefix: string;
  let app: INestApplication;
  let base: string;
  let workers: WorkerProcess[] = [];
  let admin: TestKey;
  let workerEnvironment: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fixture = await createModerationFixture('workers');
    database = await createTestPostgresDatabase();
    prefix = testQueuePrefix('workers');
    const env: NodeJS.ProcessEnv = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      // A killed worker's job is taken over within about lock + interval.
      MODERATION_QUEUE_LOCK_MS: '2000',
      MODERATION_QUEUE_STALLED_INTERVAL_MS: '1000',
      MODERATION_JOB_BACKOFF_MS: '100',
    };
    // The API migrates the database first, so the workers start on a ready schema.
    ({ app } = await createServer({ ...env, MODERATION_QUEUE_PROCESSORS: 'off', LOG_LEVEL: 'error' }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    admin = await createTestKey(app, 'admin');
    workerEnvironment = { ...env, LOG_LEVEL: 'debug', MODERATION_WORKER_CONCURRENCY: '1', MODERATION_TEST_ONLY_JOB_DELAY_MS: String(JOB_DELAY_MS) };
    workers = await Promise.all([WorkerProcess.start(workerEnvironment), WorkerProcess.start(workerEnvironment)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await app?.close();
    await database?.drop();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const enqueue = async (colour: Rgb): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([await solidImage(colour)]), 'upload.png');
    const response = await fetch(`${base}/v1/moderations?mode=async&policy=colours&fresh=true`, { method: 'POST', body: form, headers: bearer(admin) });
    expect(response.status).toBe(202);
    return ((await response.json()) as Json).id as string;
  };
  const job = async (id: string): Promise<Json> => (await (await fetch(`${base}/v1/jobs/${id}`, { headers: bearer(admin) })).json()) as Json;
  const done = (id: string): Promise<Json> => waitFor(() => job(id), (status) => status.state === 'done' || status.state === 'failed', 20_000);
  const ranBy = (id: string): WorkerProcess[] => workers.filter((worker) => worker.printed(new RegExp(`job ${id} done`)));
  const decisionRows = async (jobId: string): Promise<number> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return Number((await client.query('SELECT COUNT(*) AS n FROM moderation_decisions WHERE job_id = $1', [jobId])).rows[0].n);
    } finally {
      await client.end();
    }
  };

  it('spreads jobs over both workers', async () => {
    const ids = await Promise.all([RED, GREEN, BLUE, RED].map(enqueue));
    const statuses = await Promise.all(ids.map(done));
    expect(statuses.map((status) => status.state)).toEqual(['done', 'done', 'done', 'done']);
    // (At least one: under heavy load a lock renewal can come late and a job run twice; the
    // decision is still written once, as the next test shows.)
    expect(ids.every((id) => ranBy(id).length >= 1)).toBe(true);
    // Each worker runs one job at a time, so neither can have taken all four.
    expect(workers.every((worker) => ids.some((id) => ranBy(id).includes(worker)))).toBe(true);
  });

  it('finishes the job of a worker killed in the middle of it on the other worker, with exactly one decision', async () => {
    const id = await enqueue(RED);
    await waitFor(
      async () => workers.filter((worker) => worker.printed(new RegExp(`job ${id} started`))),
      (running) => running.length === 1,
    );
    const victim = workers.find((worker) => worker.printed(new RegExp(`job ${id} started`)))!;
    const survivor = workers.find((worker) => worker !== victim)!;
    expect(await victim.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    workers = [survivor];

    const status = await done(id);
    expect(status).toMatchObject({ state: 'done', action: 'block', attemptsMade: 1 });
    expect(ranBy(id)).toEqual([survivor]);
    expect(await decisionRows(id)).toBe(1);
  });

  it('hands a job still running at the end of the shutdown timeout back to the queue, where another worker finishes it', async () => {
    const hurried = await WorkerProcess.start({ ...workerEnvironment, MODERATION_WORKER_SHUTDOWN_TIMEOUT_MS: '200' });
    const [survivor] = workers;
    // Only the hurried worker is free to take it: the survivor is busy with a job of its own.
    const busy = await enqueue(GREEN);
    await survivor!.waitForOutput(new RegExp(`job ${busy} started`));
    const id = await enqueue(RED);
    await hurried.waitForOutput(new RegExp(`job ${id} started`));
    const started = Date.now();
    const exit = await hurried.stop('SIGTERM');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    // It did not wait for the job (1.2 s) to finish.
    expect(Date.now() - started).toBeLessThan(JOB_DELAY_MS);
    expect(hurried.printed(/1 job\(s\) still running after 200 ms; 1 handed back to the queue/)).toBe(true);
    expect(hurried.printed(new RegExp(`job ${id} done`))).toBe(false);
    const status = await done(id);
    expect(status).toMatchObject({ state: 'done', action: 'block', attemptsMade: 1, error: null });
    expect(ranBy(id)).toEqual([survivor]);
    expect(await decisionRows(id)).toBe(1);
    expect(await done(busy)).toMatchObject({ state: 'done' });
  });

  it('finishes the job under way before a worker stops on SIGTERM', async () => {
    const [worker] = workers;
    const id = await enqueue(BLUE);
    await worker!.waitForOutput(new RegExp(`job ${id} started`));
    const exit = await worker!.stop('SIGTERM');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect(worker!.printed(new RegExp(`job ${id} done`))).toBe(true);
    expect(await job(id)).toMatchObject({ state: 'done', action: 'review' });
    expect(await decisionRows(id)).toBe(1);
    workers = [];
  });
});

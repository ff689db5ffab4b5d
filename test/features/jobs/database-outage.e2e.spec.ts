import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createServer } from '../../../src/app/create-server';
import { BLUE, RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { PrivatePostgres } from '../../support/private-postgres';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from './support/redis-test-prefix';
import { waitFor } from './support/wait-for';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const JOBS = 100;
const OUTAGE_MS = 30_000;

/**
 * A PostgreSQL outage under a queued backlog: the database (a cluster of this test's own) stops
 * for 30 s while 100 jobs wait or run. No job may fail or use an attempt on it, and afterwards every
 * job is done with exactly one decision.
 */
describe('a database outage under a backlog of asynchronous jobs', () => {
  let fixture: ModerationFixture;
  let postgres: PrivatePostgres;
  let app: INestApplication;
  let base: string;
  let prefix: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('database-outage');
    postgres = await PrivatePostgres.start();
    prefix = testQueuePrefix('database-outage');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      DATABASE_URL: postgres.url(),
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      // Submitting and polling need no database then, so the test can go on during the outage.
      MODERATION_AUTH: 'disabled',
      MODERATION_JOB_ATTEMPTS: '3',
      MODERATION_JOB_BACKOFF_MS: '100',
      // Long enough that the backlog is still there when the database stops.
      MODERATION_TEST_ONLY_JOB_DELAY_MS: '150',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await postgres?.remove();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const job = async (id: string): Promise<Json> => (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as Json;

  it('waits the outage out: all 100 jobs done afterwards, none failed, one decision each', async () => {
    const images = [await solidImage(RED), await solidImage(BLUE)];
    const ids: string[] = [];
    for (let index = 0; index < JOBS; index++) {
      const form = new FormData();
      form.append('file', new Blob([images[index % 2]!]), 'upload.png');
      const response = await fetch(`${base}/v1/moderations?mode=async&policy=colours&fresh=true`, { method: 'POST', body: form });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as Json).id as string);
    }
    // A few are decided, most still wait, when the database goes away.
    await waitFor(async () => (await Promise.all(ids.slice(0, 10).map(job))).filter((status) => status.state === 'done').length, (done) => done >= 3, 20_000);
    await postgres.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    const seen = new Set<string>();
    while (Date.now() < outageEnds) {
      const states = await Promise.all(ids.map(job));
      for (const status of states) {
        seen.add(status.state as string);
        // Waiting out an outage costs no attempt, so no job is reported as failed before.
        expect(status).toMatchObject({ error: null });
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    expect(seen.has('failed')).toBe(false);
    await postgres.resume();
    const resumedAt = Date.now();

    const finished = await waitFor(() => Promise.all(ids.map(job)), (states) => states.every((status) => status.state === 'done' || status.state === 'failed'), 90_000, 500);
    expect(finished.filter((status) => status.state !== 'done')).toEqual([]);
    console.log(`PostgreSQL stopped ${OUTAGE_MS} ms under ${JOBS} queued jobs: states seen during the outage ${[...seen].sort().join(', ')}; all done ${Date.now() - resumedAt} ms after it came back`);
    expect(finished.every((status) => typeof status.decisionId === 'string' && status.attemptsMade === 1)).toBe(true);

    const client = new Client({ connectionString: postgres.url() });
    await client.connect();
    try {
      const rows = await client.query<{ job_id: string; n: string }>('SELECT job_id, COUNT(*) AS n FROM moderation_decisions WHERE job_id IS NOT NULL GROUP BY job_id');
      expect(rows.rows.length).toBe(JOBS);
      expect(rows.rows.every((row) => Number(row.n) === 1)).toBe(true);
      expect(new Set(rows.rows.map((row) => row.job_id))).toEqual(new Set(ids));
    } finally {
      await client.end();
    }
  }, 180_000);
});

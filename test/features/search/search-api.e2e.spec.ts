import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { DecisionHooks } from '../../../src/core/decisions/decision-hooks';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { StoredDecision } from '../../../src/core/decisions/decision.types';
import { ModerationService } from '../../../src/core/moderation.service';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { openModerationDatabase } from '../../../src/database/open-database';
import { Policy } from '../../../src/engine/policy/policy.types';
import { DecisionSearchIndex } from '../../../src/features/search';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, GREEN, RED, Rgb, solidImage } from '../../support/colour-images';
import { createModerationFixture } from '../../support/moderation-fixture';
import { createTestPostgresDatabase } from '../../support/postgres-database';
import { runModerate } from '../../support/run-moderate';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const DATABASES = ['sqlite', 'postgres'] as const;

/** Records `decision` again as a new row through a repository of its own: as a worker or another server would, unseen by this server's listener. */
async function recordElsewhere(database: ModerationDatabase, decision: StoredDecision, policy: Policy, subject: string): Promise<StoredDecision> {
  const repository = new DecisionRepository(database, new DecisionHooks());
  return repository.record({ decision: { ...decision, decidedAt: new Date().toISOString() }, policy, subject });
}

describe.each(DATABASES)('search of past traffic on %s', (database) => {
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'error', MODERATION_REVIEW_SAMPLE_RATE: '0', MODERATION_IMAGE_PURGE_INTERVAL_MINUTES: '0' };
  let app: INestApplication;
  let base: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let admin: TestKey;
  let reviewer: TestKey;
  let submitter: TestKey;
  const ids: Record<string, string> = {};

  const start = async (): Promise<void> => {
    ({ app } = await createServer(env));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  };

  beforeAll(async () => {
    const fixture = await createModerationFixture(`search-${database}`);
    Object.assign(env, { MODERATION_MODEL: fixture.modelDir, MODERATION_POLICIES: fixture.policiesDir, MODERATION_CACHE_DIR: fixture.cacheDir, MODERATION_DATA_DIR: join(fixture.root, 'data') });
    if (database === 'postgres') {
      const pg = await createTestPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropDatabase = pg.drop;
    }
    await start();
    [admin, reviewer, submitter] = [await createTestKey(app, 'admin'), await createTestKey(app, 'reviewer'), await createTestKey(app, 'submitter')];
    const moderate = async (name: string, colour: Rgb, size: number): Promise<void> => {
      const form = new FormData();
      form.append('file', new Blob([await solidImage(colour, 'png', size)]), 'upload.png');
      const response = await fetch(`${base}/v1/moderations?policy=colours&subject=${name}&source=search-test`, { method: 'POST', body: form, headers: bearer(submitter) });
      expect(response.status).toBe(200);
      ids[name] = ((await response.json()) as Json).id;
    };
    await moderate('red-1', RED, 64);
    await moderate('blue', BLUE, 64);
    await moderate('red-2', RED, 48);
    await moderate('green', GREEN, 64);
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase?.();
  });

  const search = async (body: Json, key: TestKey | null = reviewer): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${base}/v1/search`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(key ? bearer(key) : {}) } });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const byImage = async (bytes: Buffer, query = '', key: TestKey | null = reviewer): Promise<{ status: number; body: Json }> => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'query.png');
    const response = await fetch(`${base}/v1/search/by-image${query}`, { method: 'POST', body: form, headers: key ? bearer(key) : {} });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const hitIds = (body: Json): string[] => body.items.map((hit: Json) => hit.decisionId);

  it('ranks the red decisions first for "something red", with each hit\'s decision', async () => {
    const { status, body } = await search({ text: 'something red' });
    expect(status).toBe(200);
    expect(body.indexedDecisions).toBe(4);
    expect(new Set(hitIds(body).slice(0, 2))).toEqual(new Set([ids['red-1'], ids['red-2']]));
    expect(body.items[1].similarity).toBeGreaterThan(body.items[2].similarity + 0.1);
    expect(body.items[0]).toMatchObject({ action: 'block', triggered: ['red'], policy: { id: 'colours' }, source: 'search-test', review: null, imageRetained: false });
    expect(Date.parse(body.items[0].decidedAt)).toBeGreaterThan(Date.now() - 600_000);
    // Only decisions that reached a person keep their image.
    expect(body.items.find((hit: Json) => hit.decisionId === ids.blue)).toMatchObject({ subject: 'blue', action: 'review', imageRetained: true });
    const blue = await search({ text: 'something blue', limit: 1 });
    expect(hitIds(blue.body)).toEqual([ids.blue]);
  });

  it('ranks identical images first when searching by a decision, and refuses unknown or ambiguous queries', async () => {
    const { status, body } = await search({ decisionId: ids['red-2'] });
    expect(status).toBe(200);
    expect(new Set(hitIds(body).slice(0, 2))).toEqual(new Set([ids['red-1'], ids['red-2']]));
    expect(body.items[1].similarity).toBeGreaterThan(0.99);
    expect(body.items[2].similarity).toBeLessThan(0.9);
    expect(await search({ decisionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ status: 404, body: { code: 'DECISION_NOT_FOUND' } });
    expect(await search({ text: 'something red', decisionId: ids.blue })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await search({ action: 'block' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await search({ text: 'x', limit: 101 })).status).toBe(400);
  });

  it('filters by action, policy and time', async () => {
    const blocked = await search({ text: 'something red', action: 'block' });
    expect(blocked.body.items.length).toBeGreaterThanOrEqual(2);
    expect(blocked.body.items.every((hit: Json) => hit.action === 'block')).toBe(true);
    expect(hitIds((await search({ text: 'something red', action: 'review' })).body)).toEqual([ids.blue]);
    expect((await search({ text: 'something red', policy: 'default' })).body.items).toEqual([]);
    expect((await search({ text: 'something red', policy: 'colours' })).body.items).toHaveLength(4);
    expect((await search({ text: 'something red', from: '1h' })).body.items).toHaveLength(4);
    expect((await search({ text: 'something red', to: '1h' })).body.items).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await search({ text: 'something red', from: future })).body.items).toEqual([]);
    expect(await search({ text: 'something red', from: 'yesterday' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await search({ text: 'something red', minSimilarity: 0.99 })).body.items.length).toBeLessThan(4);
  });

  it('pages through the ranked list with an opaque cursor tied to its search', async () => {
    const all = hitIds((await search({ text: 'something green' })).body);
    const first = await search({ text: 'something green', limit: 3 });
    expect(hitIds(first.body)).toEqual(all.slice(0, 3));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await search({ text: 'something green', limit: 3, cursor: first.body.nextCursor });
    expect(hitIds(second.body)).toEqual(all.slice(3, 6));
    expect(second.body.nextCursor).toBeNull();
    expect(await search({ text: 'something blue', limit: 3, cursor: first.body.nextCursor })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await search({ text: 'something green', cursor: 'bm90LWEtY3Vyc29y' })).status).toBe(400);
  });

  it('searches by an uploaded image without recording a decision', async () => {
    const before = (await (await fetch(`${base}/v1/decisions?limit=200`, { headers: bearer(admin) })).json()) as Json;
    const { status, body } = await byImage(await solidImage(RED, 'png', 80), '?limit=2&action=block');
    expect(status).toBe(200);
    expect(new Set(hitIds(body))).toEqual(new Set([ids['red-1'], ids['red-2']]));
    expect(body.items[0].similarity).toBeGreaterThan(0.99);
    const after = (await (await fetch(`${base}/v1/decisions?limit=200`, { headers: bearer(admin) })).json()) as Json;
    expect(after.items.length).toBe(before.items.length);
    expect(await byImage(Buffer.from('not an image at all'))).toMatchObject({ status: 415 });
    expect((await byImage(await solidImage(RED), '?limit=0')).status).toBe(400);
  });

  it('serves reviewers and admins only', async () => {
    expect((await search({ text: 'something red' }, admin)).status).toBe(200);
    expect(await search({ text: 'something red' }, submitter)).toMatchObject({ status: 403, body: { code: 'AUTH_FORBIDDEN' } });
    expect(await search({ text: 'something red' }, null)).toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    expect((await byImage(await solidImage(RED), '', submitter)).status).toBe(403);
    expect((await byImage(await solidImage(RED), '', null)).status).toBe(401);
  });

  it('finds decisions recorded after start, here and by other processes, and reviews closed since', async () => {
    const form = new FormData();
    form.append('file', new Blob([await solidImage(GREEN, 'png', 40)]), 'late.png');
    const late = (await (await fetch(`${base}/v1/moderations?policy=colours&subject=late`, { method: 'POST', body: form, headers: bearer(submitter) })).json()) as Json;
    expect(hitIds((await search({ decisionId: ids.green, limit: 2 })).body)).toEqual(expect.arrayContaining([ids.green, late.id]));
    const moderation = app.get(ModerationService);
    const green = await moderation.getDecision(ids.green);
    const elsewhere = await recordElsewhere(app.get(ModerationDatabase), green, moderation.getPolicy('colours'), 'elsewhere');
    const found = await search({ text: 'something green', limit: 3 });
    expect(hitIds(found.body)).toEqual(expect.arrayContaining([ids.green, late.id, elsewhere.id]));
    expect(found.body.indexedDecisions).toBe(6);

    expect((await search({ text: 'something blue', reviewed: true })).body.items).toEqual([]);
    const claimed = (await (await fetch(`${base}/v1/review/queues/review/claim`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(reviewer) }, body: '{}' })).json()) as Json;
    expect(claimed.item.decision.id).toBe(ids.blue);
    const verdict = await fetch(`${base}/v1/review/items/${claimed.item.id}/verdict`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(reviewer) }, body: JSON.stringify({ verdict: 'remove' }) });
    expect(verdict.status).toBe(200);
    const reviewed = await search({ text: 'something blue', reviewed: true });
    expect(hitIds(reviewed.body)).toEqual([ids.blue]);
    expect(reviewed.body.items[0].review).toMatchObject({ verdict: 'remove' });
    expect(hitIds((await search({ text: 'something blue', reviewed: false })).body)).not.toContain(ids.blue);
  });

  it('writes a snapshot at shutdown and restores it at start, then reads only the newer rows', async () => {
    const moderation = app.get(ModerationService);
    const red = await moderation.getDecision(ids['red-1']);
    const policy = moderation.getPolicy('colours');
    await app.close();
    expect(existsSync(join(env.MODERATION_DATA_DIR!, 'search', 'decisions.embeddings'))).toBe(true);
    expect(existsSync(join(env.MODERATION_DATA_DIR!, 'search', 'decisions.facts'))).toBe(true);
    // Recorded while the server is down.
    const db = await openModerationDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { sqlitePath: join(env.MODERATION_DATA_DIR!, 'moderation.sqlite') });
    const offline = await recordElsewhere(db, red, policy, 'offline').finally(() => db.close());
    await start();
    const found = await search({ text: 'something red', limit: 3 });
    expect(new Set(hitIds(found.body))).toEqual(new Set([ids['red-1'], ids['red-2'], offline.id]));
    expect(found.body.indexedDecisions).toBe(7);
    const status = app.get(DecisionSearchIndex).status();
    expect(status).toMatchObject({ loaded: true, source: 'snapshot', decisions: 7 });
    // The look-back re-reads the last minute's ids; only rows the snapshot lacks are read in full.
    expect(status.readFromDatabase).toBe(1);
    expect((await search({ text: 'something blue', reviewed: true })).body.items[0].decisionId).toBe(ids.blue);
  });

  // One database is enough for the command line: it shares the repository and index with the server.
  (database === 'sqlite' ? it : it.skip)('answers `moderate search` on the command line from the same database', async () => {
    const result = await runModerate(['search', 'something red', '--limit', '3', '--action', 'block', '--json'], env);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const hits = JSON.parse(result.stdout) as Json[];
    expect(hits).toHaveLength(3);
    expect(hits.every((hit) => hit.action === 'block')).toBe(true);
    expect(hits.map((hit) => hit.decisionId)).toEqual(expect.arrayContaining([ids['red-1'], ids['red-2']]));
    const text = await runModerate(['search', 'something blue', '--limit', '1', '--since', '1h'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(ids.blue!);
  });
});

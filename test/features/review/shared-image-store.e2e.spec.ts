import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { ImageRetention } from '../../../src/features/review/storage/image-retention';
import { BLUE, Rgb, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { TestPostgresDatabase, createTestPostgresDatabase } from '../../support/postgres-database';
import { S3TestServer } from '../../support/s3-test-server';
import { tempDir } from '../../support/temp-dir';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

/** A server of this test, and how to call it. */
interface Server {
  readonly app: INestApplication;
  readonly base: string;
  readonly dataDir: string;
}

let fixture: ModerationFixture;
let s3: S3TestServer;
const servers: Server[] = [];
const databases: TestPostgresDatabase[] = [];

beforeAll(async () => {
  fixture = await createModerationFixture('shared-images');
  s3 = await S3TestServer.start();
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.app.close();
  for (const database of databases) await database.drop();
  await s3?.remove();
});

/** The real server on the colour model, with a data folder of its own (so a local store is this server's alone). */
async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const dataDir = tempDir('shared-images-data');
  const { app } = await createServer({
    MODERATION_MODEL: fixture.modelDir,
    MODERATION_POLICIES: fixture.policiesDir,
    MODERATION_CACHE_DIR: fixture.cacheDir,
    MODERATION_DATA_DIR: dataDir,
    // Every request is an admin's, who may see an item's image without holding its lease.
    MODERATION_AUTH: 'disabled',
    MODERATION_IMAGE_PURGE_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'error',
    ...env,
  });
  await app.listen(0, '127.0.0.1');
  const server = { app, base: await app.getUrl(), dataDir };
  servers.push(server);
  return server;
}

async function postgresUrl(): Promise<string> {
  const database = await createTestPostgresDatabase();
  databases.push(database);
  return database.url;
}

async function call(server: Server, method: string, path: string, body?: Json): Promise<{ status: number; body: Json; bytes: Buffer; type: string | null }> {
  const response = await fetch(`${server.base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type');
  return { status: response.status, body: type?.includes('json') ? (JSON.parse(bytes.toString('utf8')) as Json) : {}, bytes, type };
}

/** Moderates a blue image (a review decision under the colour policy) and claims its item; returns the bytes and the item. */
async function reviewDecision(server: Server, colour: Rgb = BLUE, size = 64): Promise<{ image: Buffer; itemId: string; sha256: string }> {
  const image = await solidImage(colour, 'png', size);
  const response = await fetch(`${server.base}/v1/moderations?policy=colours&fresh=true`, { method: 'POST', body: image, headers: { 'content-type': 'image/png' } });
  const decision = (await response.json()) as Json;
  expect(decision.action).toBe('review');
  const claimed = await call(server, 'POST', '/v1/review/queues/review/claim', {});
  expect(claimed.status).toBe(200);
  expect(claimed.body.item.decision.id).toBe(decision.id);
  return { image, itemId: claimed.body.item.id as string, sha256: decision.content.sha256 as string };
}

const CASES = [
  { store: 'local', database: 'sqlite' },
  { store: 'database', database: 'sqlite' },
  { store: 'database', database: 'postgres' },
  { store: 's3', database: 'sqlite' },
] as const;

describe.each(CASES)('review images in the $store store (decision log on $database)', ({ store, database }) => {
  let server: Server;
  const prefix = `single-${store}-${database}/`;

  beforeAll(async () => {
    server = await startServer({
      MODERATION_IMAGE_STORE: store,
      ...(store === 's3' ? s3.env(prefix) : {}),
      ...(database === 'postgres' ? { DATABASE_URL: await postgresUrl() } : {}),
    });
  }, 60_000);

  /** Whether the backend itself holds the bytes, looked at without the server. */
  const held = async (sha256: string): Promise<boolean> => {
    if (store === 'local') return existsSync(join(server.dataDir, 'images', sha256.slice(0, 2), sha256));
    if (store === 's3') return (await s3.keys(`${prefix}images/`)).includes(`${prefix}images/${sha256}`);
    const dataSource = server.app.get(ModerationDatabase, { strict: false }).dataSource;
    const rows = (await dataSource.query(`SELECT 1 FROM "moderation_image_bytes" WHERE "area" = 'images' AND "sha256" = ${database === 'postgres' ? '$1' : '?'}`, [sha256])) as unknown[];
    return rows.length === 1;
  };

  it('serves the stored image at GET /v1/review/items/{id}/image, and a purge removes its bytes from the store', async () => {
    const { image, itemId, sha256 } = await reviewDecision(server);
    expect(await held(sha256)).toBe(true);
    const served = await call(server, 'GET', `/v1/review/items/${itemId}/image`);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/png');
    expect(served.bytes.equals(image)).toBe(true);

    // Decided, then long unneeded: the next sweep purges the bytes, the decision stays.
    expect((await call(server, 'POST', `/v1/review/items/${itemId}/verdict`, { verdict: 'approve' })).status).toBe(200);
    const dataSource = server.app.get(ModerationDatabase, { strict: false }).dataSource;
    await dataSource.query(`UPDATE "moderation_images" SET "last_used_at" = '2000-01-01T00:00:00.000Z'`);
    const report = await server.app.get(ImageRetention, { strict: false }).purgeExpired();
    expect(report.purged).toEqual([sha256]);
    expect(await held(sha256)).toBe(false);
    expect(await call(server, 'GET', `/v1/review/items/${itemId}/image`)).toMatchObject({ status: 410, body: { code: 'IMAGE_PURGED' } });
    expect((await call(server, 'GET', `/v1/review/items/${itemId}`)).body.decision).toMatchObject({ content: { sha256 } });
  });
});

describe('an S3 store that stops answering', () => {
  it('answers 503 IMAGE_STORE_UNAVAILABLE on the image route, and serves the image again once S3 is back', async () => {
    const server = await startServer({ ...s3.env('outage/') });
    const { image, itemId } = await reviewDecision(server, [60, 60, 250]);
    await s3.stop();
    try {
      const started = Date.now();
      const refused = await call(server, 'GET', `/v1/review/items/${itemId}/image`);
      expect(refused).toMatchObject({ status: 503, body: { code: 'IMAGE_STORE_UNAVAILABLE', details: { operation: 'get' } } });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await s3.resume();
    }
    const served = await call(server, 'GET', `/v1/review/items/${itemId}/image`);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(image)).toBe(true);
  }, 60_000);
});

describe.each(['database', 's3', 'local'] as const)('two servers sharing one PostgreSQL database, images in the %s store', (store) => {
  it(store === 'local' ? 'cannot show on B an image stored through A (the reason for the shared stores)' : 'shows through server B an image stored through server A', async () => {
    const url = await postgresUrl();
    const env = { DATABASE_URL: url, MODERATION_IMAGE_STORE: store, ...(store === 's3' ? s3.env('two-servers/') : {}) };
    const [a, b] = [await startServer(env), await startServer(env)];
    const image = await solidImage(BLUE, 'png', 90);
    const response = await fetch(`${a.base}/v1/moderations?policy=colours&fresh=true`, { method: 'POST', body: image, headers: { 'content-type': 'image/png' } });
    expect(((await response.json()) as Json).action).toBe('review');
    const claimed = await call(b, 'POST', '/v1/review/queues/review/claim', {});
    expect(claimed.status).toBe(200);
    const served = await call(b, 'GET', `/v1/review/items/${claimed.body.item.id}/image`);
    if (store === 'local') {
      expect(served).toMatchObject({ status: 404, body: { code: 'IMAGE_NOT_STORED' } });
      return;
    }
    expect(served.status).toBe(200);
    expect(served.bytes.equals(image)).toBe(true);
  }, 60_000);
});

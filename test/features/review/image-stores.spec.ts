import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../../../src/database/database-config';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { DecisionHooks } from '../../../src/core/decisions/decision-hooks';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { StoredImageEntity } from '../../../src/database/entities/stored-image.entity';
import { ImageStoreKind } from '../../../src/config/storage-environment';
import { isDependencyOutage } from '../../../src/features/jobs/queue/dependency-outage';
import { createReviewIntakeHook } from '../../../src/features/review/review-intake';
import { resolveReviewOptions } from '../../../src/features/review/review-options';
import { DATABASE_IMAGE_MAX_BYTES } from '../../../src/features/review/storage/database-image-store';
import { ImageRetention } from '../../../src/features/review/storage/image-retention';
import { ResolvedImageStorage, resolveImageStorage } from '../../../src/features/review/storage/resolve-image-storage';
import { StoredImageRepository } from '../../../src/features/review/storage/stored-image.repository';
import { AppErrorCode } from '../../../src/shared/errors/app-error-code';
import { makeDecision, makePolicy } from '../../core/decisions/decision-fixture';
import { S3RVER_CREDENTIALS, S3TestServer } from '../../support/s3-test-server';
import { TestDatabase, TestDriver, createTestDatabase } from '../../support/test-database';
import { tempDir } from '../../support/temp-dir';

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T00:00:00.000Z');

const CASES: ReadonlyArray<{ readonly backend: ImageStoreKind; readonly driver: TestDriver }> = [
  { backend: 'local', driver: 'sqlite' },
  { backend: 'database', driver: 'sqlite' },
  { backend: 'database', driver: 'postgres' },
  { backend: 's3', driver: 'sqlite' },
];

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let s3: S3TestServer;

beforeAll(async () => {
  s3 = await S3TestServer.start();
}, 30_000);

afterAll(async () => {
  await s3?.remove();
});

/**
 * The three image stores behind one interface, each against the real thing: a folder, the
 * decision database (SQLite and PostgreSQL), and an S3-compatible server in its own process.
 */
describe.each(CASES)('the $backend image store (decision log on $driver)', ({ backend, driver }) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let moderationDatabase: ModerationDatabase;
  let storage: ResolvedImageStorage;
  let dir: string;
  const prefix = `case-${backend}-${driver}/`;
  let now = START;

  beforeAll(async () => {
    database = await createTestDatabase(driver, `image-stores-${backend}`);
    dataSource = await new DataSource(createDataSourceOptions(database.config)).initialize();
    moderationDatabase = new ModerationDatabase(dataSource);
    dir = join(tempDir(`image-stores-${backend}`), 'images');
    storage = resolveImageStorage(
      {
        backend,
        dir,
        s3: { bucket: s3.bucket, endpoint: s3.endpoint, forcePathStyle: true, credentials: { ...S3RVER_CREDENTIALS }, prefix },
      },
      undefined,
      { database: moderationDatabase },
    );
  });

  afterAll(async () => {
    await storage?.close();
    await dataSource?.destroy();
    await database?.remove();
  });

  /** Whether the backend itself holds the review image named `sha256`, looked at without the store. */
  const heldByBackend = async (sha256: string): Promise<boolean> => {
    if (backend === 'local') return existsSync(join(dir, sha256.slice(0, 2), sha256));
    if (backend === 's3') return (await s3.keys(`${prefix}images/`)).includes(`${prefix}images/${sha256}`);
    const placeholder = driver === 'postgres' ? '$1' : '?';
    const rows = (await dataSource.query(`SELECT "byte_length" FROM "moderation_image_bytes" WHERE "area" = 'images' AND "sha256" = ${placeholder}`, [sha256])) as unknown[];
    return rows.length === 1;
  };

  it('keeps, reads back and removes bytes; review images and uploads never share a name', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const name = sha256Of(bytes);
    expect(await storage.store.get(name)).toBeNull();
    expect(await storage.store.has(name)).toBe(false);
    await storage.store.put(name, bytes);
    await storage.store.put(name, bytes);
    expect(await storage.store.has(name)).toBe(true);
    expect(Buffer.from((await storage.store.get(name))!)).toEqual(Buffer.from(bytes));
    expect(await heldByBackend(name)).toBe(true);

    // The uploads area is another namespace of the same backend.
    expect(await storage.uploads!.get(name)).toBeNull();
    await storage.uploads!.put(name, new Uint8Array([7]));
    await storage.uploads!.delete(name);
    expect(Buffer.from((await storage.store.get(name))!)).toEqual(Buffer.from(bytes));

    await storage.store.delete(name);
    await storage.store.delete(name);
    expect(await storage.store.get(name)).toBeNull();
    expect(await heldByBackend(name)).toBe(false);
  });

  it('purges expired bytes from the backend and keeps the decision, its hash and scores', async () => {
    const options = resolveReviewOptions({ sampleRate: 1, clock: () => new Date(now) });
    const hooks = new DecisionHooks();
    hooks.register(createReviewIntakeHook({ options, images: storage.store }));
    const decisions = new DecisionRepository(moderationDatabase, hooks);
    const policy = makePolicy();
    const recorded = await decisions.record({ decision: makeDecision(policy, { content: `sampled on ${backend}` }), policy, image: Buffer.from(`bytes on ${backend}`) });
    const sha256 = recorded.content.sha256;
    expect(await heldByBackend(sha256)).toBe(true);
    // The sample is decided, so no open review keeps its bytes.
    await dataSource.query(`UPDATE "moderation_review_items" SET "status" = 'decided'`);

    const retention = new ImageRetention(new StoredImageRepository(moderationDatabase), storage.store, { retentionDays: 30, clock: () => new Date(now) });
    now = START + 29 * DAY;
    expect((await retention.purgeExpired()).purged).toEqual([]);
    expect(await heldByBackend(sha256)).toBe(true);
    now = START + 31 * DAY;
    expect((await retention.purgeExpired()).purged).toEqual([sha256]);
    expect(await heldByBackend(sha256)).toBe(false);
    expect(await storage.store.get(sha256)).toBeNull();
    expect(await dataSource.getRepository(StoredImageEntity).findOneByOrFail({ sha256 })).toMatchObject({ purgedAt: new Date(now) });
    expect(await decisions.getById(recorded.id)).toMatchObject({ content: { sha256 }, categories: recorded.categories });
  });
});

describe('limits and failures of the stores', () => {
  it('the database store refuses images over its limit, and refuses to start under a larger upload limit', async () => {
    const database = await createTestDatabase('sqlite', 'image-stores-limit');
    const dataSource = await new DataSource(createDataSourceOptions(database.config)).initialize();
    try {
      const { store } = resolveImageStorage({ backend: 'database' }, undefined, { database: new ModerationDatabase(dataSource), maxUploadBytes: DATABASE_IMAGE_MAX_BYTES });
      const tooLarge = new Uint8Array(DATABASE_IMAGE_MAX_BYTES + 1);
      await expect(store.put('cd'.repeat(32), tooLarge)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { maxBytes: DATABASE_IMAGE_MAX_BYTES } });
      expect(() => resolveImageStorage({ backend: 'database' }, undefined, { database: new ModerationDatabase(dataSource), maxUploadBytes: DATABASE_IMAGE_MAX_BYTES + 1 })).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
    } finally {
      await dataSource.destroy();
      await database.remove();
    }
  });

  it('the S3 store reports refused credentials as IMAGE_STORE_UNAVAILABLE with the S3 error, never the secret', async () => {
    const secret = 'wrong-secret-that-must-not-leak';
    const storage = resolveImageStorage({ backend: 's3', s3: { bucket: s3.bucket, endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: secret } } });
    try {
      const error = (await storage.store.put('ef'.repeat(32), new Uint8Array([1])).catch((caught: unknown) => caught)) as Error & { code: string };
      expect(error.code).toBe(AppErrorCode.ImageStoreUnavailable);
      expect(error.message).toMatch(/HTTP 403/);
      expect(`${error.message} ${JSON.stringify(error)} ${storage.description}`).not.toContain(secret);
      expect(storage.description).toContain('access key NOT-A-KEY');
    } finally {
      await storage.close();
    }
  });

  it('the S3 store reports a stopped server as IMAGE_STORE_UNAVAILABLE, an outage workers wait out, and works once it is back', async () => {
    const storage = resolveImageStorage({ backend: 's3', s3: { bucket: s3.bucket, endpoint: s3.endpoint, forcePathStyle: true, credentials: { ...S3RVER_CREDENTIALS }, prefix: 'outage' } });
    const name = '01'.repeat(32);
    try {
      await storage.store.put(name, new Uint8Array([42]));
      await s3.stop();
      const started = Date.now();
      const error = await storage.store.get(name).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: AppErrorCode.ImageStoreUnavailable, details: { operation: 'get' } });
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
      expect(isDependencyOutage(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
      await s3.resume();
      expect(Buffer.from((await storage.store.get(name))!)).toEqual(Buffer.from([42]));
      expect(await s3.keys('outage/')).toEqual([`outage/images/${name}`]);
    } finally {
      await storage.close();
    }
  });
});

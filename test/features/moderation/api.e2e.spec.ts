import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, GREEN, RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { createTestPostgresDatabase } from '../../support/postgres-database';
import { pdqReference } from '../../support/pdq-reference';
import { pdqHexDistance } from '../../../src/engine/pdq';

/** A baseline JPEG relabelled as 12-bit extended sequential (SOF1, precision 12): valid, but not decodable here. */
async function twelveBitJpeg(): Promise<Buffer> {
  const jpeg = Buffer.from(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).jpeg().toBuffer());
  const frame = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg[frame + 1] = 0xc1;
  jpeg[frame + 4] = 12;
  return jpeg;
}

/** A JPEG-compressed TIFF relabelled with compression 6 (old-style JPEG), which this build of libtiff does not decode. */
async function oldStyleJpegTiff(): Promise<Buffer> {
  const tiff = Buffer.from(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).tiff({ compression: 'jpeg' }).toBuffer());
  const littleEndian = tiff[0] === 0x49;
  const read16 = (at: number): number => (littleEndian ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const directory = littleEndian ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  for (let entry = 0; entry < read16(directory); entry++) {
    const at = directory + 2 + entry * 12;
    // Tag 259 is Compression; its SHORT value sits in the entry itself.
    if (read16(at) === 259) littleEndian ? tiff.writeUInt16LE(6, at + 8) : tiff.writeUInt16BE(6, at + 8);
  }
  return tiff;
}

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const DATABASES = ['sqlite', 'postgres'] as const;

describe.each(DATABASES)('HTTP API on %s', (database) => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let base: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  // Auth is on, as in production; an admin key may use every route (roles: test/review).
  let admin: TestKey;

  beforeAll(async () => {
    fixture = await createModerationFixture(`api-${database}`);
    const env: NodeJS.ProcessEnv = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_MAX_BYTES: '300000',
      LOG_LEVEL: 'error',
    };
    if (database === 'postgres') {
      const pg = await createTestPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropDatabase = pg.drop;
    }
    ({ app } = await createServer(env));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    admin = await createTestKey(app, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase?.();
  });

  const moderate = async (bytes: Buffer, query = '', type = 'multipart'): Promise<{ status: number; body: Json; headers: Headers }> => {
    let init: RequestInit;
    if (type === 'multipart') {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'upload.bin');
      init = { method: 'POST', body: form, headers: bearer(admin) };
    } else {
      init = { method: 'POST', body: bytes, headers: { 'content-type': type, ...bearer(admin) } };
    }
    const response = await fetch(`${base}/v1/moderations${query}`, init);
    return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
  };
  const get = async (path: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${base}${path}`, { headers: bearer(admin) });
    return { status: response.status, body: (await response.json()) as Json };
  };

  let redId: string;

  it('moderates a multipart upload and stores the decision with its thresholds', async () => {
    const { status, body, headers } = await moderate(await solidImage(RED), '?policy=colours&subject=user-1&source=avatar');
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBeTruthy();
    expect(body).toMatchObject({ action: 'block', triggered: ['red'], reused: false, subject: 'user-1', source: 'avatar', mode: 'enforce', policy: { id: 'colours' } });
    expect(body.categories.find((category: Json) => category.id === 'red')).toMatchObject({ action: 'block', thresholds: { review: 0.5, block: 0.85 } });
    expect(body.embedding).toBeUndefined();
    redId = body.id;
    const fetched = await get(`/v1/decisions/${redId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: redId, action: 'block', content: { sha256: body.content.sha256, format: 'png' } });
    expect(fetched.body.categories).toEqual(body.categories);
  });

  it('accepts the image as a raw body', async () => {
    const { status, body } = await moderate(await solidImage(BLUE, 'jpeg'), '?policy=colours&subject=user-2', 'image/jpeg');
    expect(status).toBe(200);
    expect(body).toMatchObject({ action: 'review', content: { format: 'jpeg' } });
  });

  it('returns the stored decision for the same content and policy version, unless fresh', async () => {
    const again = await moderate(await solidImage(RED), '?policy=colours');
    expect(again.body).toMatchObject({ id: redId, reused: true });
    const fresh = await moderate(await solidImage(RED), '?policy=colours&fresh=true');
    expect(fresh.body.id).not.toBe(redId);
    expect(fresh.body.reused).toBe(false);
  });

  it('answers a repeated idempotency key with the first decision, and refuses it for other content', async () => {
    const key = `key-${database}-${Date.now()}`;
    const send = async (bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'upload.bin');
      const response = await fetch(`${base}/v1/moderations?policy=colours&fresh=true&subject=idem`, { method: 'POST', body: form, headers: { 'idempotency-key': key, ...bearer(admin) } });
      return { status: response.status, body: (await response.json()) as Json };
    };
    const first = await send(await solidImage(GREEN, 'png', 48));
    const again = await send(await solidImage(GREEN, 'png', 48));
    expect(again.body).toMatchObject({ id: first.body.id, reused: true });
    const other = await send(await solidImage(BLUE, 'png', 48));
    expect(other).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_CONFLICT' } });
    const bad = await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', headers: { 'idempotency-key': 'has spaces in it', ...bearer(admin) } });
    expect(bad.status).toBe(400);
  });

  it('lists decisions with filters and cursor pagination', async () => {
    await moderate(await solidImage(GREEN), '?policy=colours&subject=user-3');
    const all = await get('/v1/decisions?policy=colours&limit=200');
    expect(all.body.items.length).toBe(5);
    const blocked = await get('/v1/decisions?action=block');
    expect(blocked.body.items.every((item: Json) => item.action === 'block')).toBe(true);
    expect(blocked.body.items.length).toBe(4);
    const redCategory = await get('/v1/decisions?category=red');
    expect(redCategory.body.items.length).toBe(2);
    const bySubject = await get('/v1/decisions?subject=user-2');
    expect(bySubject.body.items.map((item: Json) => item.action)).toEqual(['review']);
    const future = await get(`/v1/decisions?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
    // The same relative and absolute times as the tuning routes' since and until.
    expect((await get('/v1/decisions?limit=200&from=7d')).body.items.map((item: Json) => item.id)).toEqual(all.body.items.map((item: Json) => item.id));
    expect((await get('/v1/decisions?from=2000-01-01&to=2000-01-02')).body.items).toEqual([]);
    expect((await get('/v1/decisions?to=1h ago')).body.items).toEqual([]);
    for (const garbage of ['yesterday', '1', '7x', '99999999999w']) {
      const refused = await get(`/v1/decisions?from=${garbage}`);
      expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { errors: [{ field: 'from', reasons: [expect.stringContaining('ISO-8601')] }] } } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await get(`/v1/decisions?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.body.items.map((item: Json) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((item: Json) => item.id));
  });

  it("stores the picture's PDQ hash and quality with the decision and returns them", async () => {
    const wee = pdqReference('wee.jpg');
    const { status, body } = await moderate(readFileSync(wee.path), '?policy=colours&subject=pdq');
    expect(status).toBe(200);
    expect(body.pdq).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), quality: 100 });
    expect(pdqHexDistance(body.pdq.hash, wee.hash)).toBeLessThanOrEqual(16);
    expect((await get(`/v1/decisions/${body.id}`)).body.pdq).toEqual(body.pdq);
    expect((await get('/v1/decisions?subject=pdq')).body.items.map((item: Json) => item.pdq)).toEqual([body.pdq]);
  });

  it('serves the policies', async () => {
    const list = await get('/v1/policies');
    expect(list.body.items.map((policy: Json) => policy.id)).toEqual(['colours']);
    const one = await get('/v1/policies/colours');
    expect(one.body.categories.map((category: Json) => category.id)).toEqual(['red', 'blue', 'green', 'red-shadow']);
    const missing = await get('/v1/policies/nope');
    expect(missing).toMatchObject({ status: 404, body: { code: 'POLICY_NOT_FOUND' } });
  });

  it.each([
    ['text pretending to be an image', () => Promise.resolve(Buffer.from('hello, not an image')), 415, 'IMAGE_UNSUPPORTED_FORMAT'],
    ['a truncated PNG', async () => (await solidImage(RED, 'png', 200)).subarray(0, 120), 422, 'IMAGE_CORRUPT'],
    ['an upload over the byte limit', () => Promise.resolve(Buffer.alloc(400_000, 1)), 413, 'IMAGE_TOO_LARGE'],
    ['an empty image', () => Promise.resolve(Buffer.alloc(0)), 422, 'IMAGE_EMPTY'],
    ['a 12-bit JPEG (a valid file this server does not decode)', twelveBitJpeg, 415, 'IMAGE_UNSUPPORTED_FORMAT'],
    ['a TIFF with old-style JPEG compression', oldStyleJpegTiff, 415, 'IMAGE_UNSUPPORTED_FORMAT'],
  ])('refuses %s with a stable code, the same sent as multipart or as the body', async (_label, bytes, status, code) => {
    const multipart = await moderate(await bytes(), '?policy=colours');
    expect(multipart.status).toBe(status);
    expect(multipart.body).toMatchObject({ statusCode: status, code, requestId: expect.any(String) });
    for (const type of ['application/octet-stream', 'image/png']) {
      const raw = await moderate(await bytes(), '?policy=colours', type);
      expect({ type, status: raw.status, code: raw.body.code }).toEqual({ type, status, code });
    }
    // What libvips said is for the server's log, not for the caller.
    expect(JSON.stringify(multipart.body)).not.toMatch(/vips|decoderMessage|tiff2vips|VipsJpeg/i);
  });

  it('refuses bad requests with 4xx codes, never 500', async () => {
    expect((await moderate(await solidImage(RED), '?policy=nope')).body).toMatchObject({ statusCode: 404, code: 'POLICY_NOT_FOUND' });
    expect((await moderate(await solidImage(RED), '?policy=colours&colour=red')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const noFile = await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', headers: bearer(admin) });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as Json).code).toBe('UPLOAD_MISSING');
    expect((await get('/v1/decisions?limit=0')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await get('/v1/decisions?cursor=garbage')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await get('/v1/decisions/not-a-uuid')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await get('/v1/decisions/2b0b1f0e-8a4d-4c39-9a76-1d2d8a6b9c10')).body).toMatchObject({ statusCode: 404, code: 'DECISION_NOT_FOUND' });
    expect((await get('/v2/anything')).body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('reports health', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await get('/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', model: { loaded: true }, database: { reachable: true } } });
  });

  it('publishes OpenAPI with stable operation ids', async () => {
    const spec = await get('/docs-json');
    const operationIds = Object.values(spec.body.paths as Record<string, Record<string, { operationId: string }>>)
      .flatMap((methods) => Object.values(methods).map((operation) => operation.operationId))
      .sort();
    expect(operationIds).toEqual([
      'addBankEntry',
      'addBankEntryFromImage',
      'claimReviewItem',
      'createApiKey',
      'createAppeal',
      'createBank',
      'createEmbeddingBank',
      'createEvaluation',
      'createModeration',
      'decideReviewItem',
      'deleteBank',
      'deleteEmbeddingBank',
      'diffPolicyVersions',
      'exportBankEntries',
      'getBank',
      'getBankEntry',
      'getCurrentKey',
      'getDecision',
      'getDecisionImage',
      'getEmbeddingBank',
      'getEmbeddingBankEntry',
      'getEvaluation',
      'getEvaluationReport',
      'getJob',
      'getLiveness',
      'getPolicy',
      'getPolicyReport',
      'getPolicyVersion',
      'getQueueHealth',
      'getQueueMetrics',
      'getReadiness',
      'getReviewItem',
      'getReviewItemImage',
      'getShadowReport',
      'importBankEntries',
      'listApiKeys',
      'listAuditEvents',
      'listBankEntries',
      'listBanks',
      'listDecisions',
      'listEmbeddingBankEntries',
      'listEmbeddingBanks',
      'listEvaluations',
      'listPolicies',
      'listPolicyVersions',
      'listReviewLabels',
      'listReviewQueues',
      'listWebhookDeliveries',
      'promotePolicyVersion',
      'releaseReviewItem',
      'removeBankEntry',
      'removeEmbeddingBankEntry',
      'renewReviewLease',
      'replayPolicy',
      'retryJob',
      'revokeApiKey',
      'searchDecisions',
      'searchDecisionsByImage',
      'setShadowVersion',
      'submitPolicyVersion',
      'suggestThresholds',
      'updateBank',
      'updateEmbeddingBank',
      'updateReviewQueue',
    ]);
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
  });
});

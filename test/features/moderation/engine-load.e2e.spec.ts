import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ModerationEngine } from '../../../src/engine/moderation-engine';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, RED, solidImage } from '../../support/colour-images';
import { eventually } from '../../support/eventually';
import { createModerationFixture } from '../../support/moderation-fixture';

type Json = Record<string, any>;

describe('the HTTP server under load', () => {
  let app: INestApplication;
  let base: string;
  let admin: TestKey;
  let engine: ModerationEngine;

  beforeAll(async () => {
    const fixture = await createModerationFixture('engine-load');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      // One image at a time, held in its batch for a while: the second request finds the engine full.
      MODERATION_MAX_QUEUE: '1',
      MODERATION_BATCH_SIZE: '8',
      MODERATION_BATCH_WAIT_MS: '1500',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    admin = await createTestKey(app, 'admin');
    engine = app.get<ModerationEngine>(ModerationEngine, { strict: false });
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (bytes: Buffer, policy = 'colours'): Promise<Response> =>
    fetch(`${base}/v1/moderations?policy=${policy}&fresh=true`, { method: 'POST', body: bytes, headers: { 'content-type': 'image/png', ...bearer(admin) } });
  const decisionCount = async (): Promise<number> => {
    const response = await fetch(`${base}/v1/decisions?limit=200`, { headers: bearer(admin) });
    return ((await response.json()) as Json).items.length;
  };

  it('answers 503 ENGINE_OVERLOADED with Retry-After at once when the engine is full, and decides the admitted image', async () => {
    const admitted = post(await solidImage(RED));
    await eventually(() => engine.stats().queuedImages === 1);
    const started = performance.now();
    const refused = await post(await solidImage(BLUE));
    const refusedMs = performance.now() - started;
    const body = (await refused.json()) as Json;
    expect(refused.status).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, code: 'ENGINE_OVERLOADED', details: { queuedImages: 1, maxQueuedImages: 1 } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Refused before the upload was read or decoded, not after waiting for the batch.
    expect(refusedMs).toBeLessThan(500);
    const decided = await admitted;
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as Json).action).toBe('block');
    expect(engine.stats().refusedImages).toBeGreaterThanOrEqual(1);
  });

  it('drops a request whose client hung up before its decision, and stores nothing for it', async () => {
    const before = { stats: engine.stats(), decisions: await decisionCount() };
    const bytes = await solidImage(BLUE);
    const request = httpRequest(`${base}/v1/moderations?policy=colours&fresh=true`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'content-length': String(bytes.length), ...bearer(admin) },
    });
    request.on('error', () => undefined);
    request.end(bytes);
    // Decoded and waiting in its batch: then the client goes away.
    await eventually(() => engine.stats().pendingFrames === 1);
    request.destroy();
    await eventually(() => engine.stats().abortedImages === before.stats.abortedImages + 1);
    const after = engine.stats();
    expect(after.framesEncoded).toBe(before.stats.framesEncoded);
    expect(after.queuedImages).toBe(0);
    expect(await decisionCount()).toBe(before.decisions);
  });
});

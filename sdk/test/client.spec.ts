import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ModerationApiError, ModerationClient, verifyWebhook } from '../src';
import { createServer } from '../../src/app/create-server';
import { BLUE, RED, solidImage } from '../../test/support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../test/support/moderation-fixture';
import { FlakyProxy, startFlakyProxy } from './support/flaky-proxy';

describe('ModerationClient against the real server', () => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let baseUrl: string;
  let client: ModerationClient;

  beforeAll(async () => {
    fixture = await createModerationFixture('sdk');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_MAX_BYTES: '300000',
      MODERATION_AUTH: 'disabled',
      MODERATION_CORS_ORIGINS: 'https://app.example.com',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    client = new ModerationClient({ baseUrl, retry: { retries: 0 } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('moderates bytes, Blobs and streams, and reads decisions and policies back', async () => {
    const red = await solidImage(RED);
    const fromBuffer = await client.moderate(red, { policy: 'colours', subject: 'sdk-user', fresh: true });
    expect(fromBuffer).toMatchObject({ action: 'block', subject: 'sdk-user', policy: { id: 'colours' } });
    const fromBlob = await client.moderate(new Blob([new Uint8Array(await solidImage(BLUE))]), { policy: 'colours', fresh: true });
    expect(fromBlob.action).toBe('review');
    const fromNodeStream = await client.moderate(Readable.from([red.subarray(0, 50), red.subarray(50)]), { policy: 'colours', fresh: true });
    expect(fromNodeStream.content.sha256).toBe(fromBuffer.content.sha256);
    const webStream = new Blob([new Uint8Array(red)]).stream();
    expect((await client.moderate(webStream, { policy: 'colours' })).action).toBe('block');

    expect(await client.getDecision(fromBuffer.id)).toMatchObject({ id: fromBuffer.id, action: 'block' });
    const page = await client.listDecisions({ policy: 'colours', action: 'block', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const all = [];
    for await (const decision of client.iterateDecisions({ subject: 'sdk-user', limit: 1 })) all.push(decision.id);
    expect(all).toEqual([fromBuffer.id]);
    expect((await client.listPolicies()).map((policy) => policy.id)).toEqual(['colours']);
    expect((await client.getPolicy('colours')).categories.length).toBe(4);
    expect(await client.ready()).toBe(true);
  });

  it('answers browser preflights for the configured origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${baseUrl}/v1/moderations`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'idempotency-key,authorization' } });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect((await preflight('https://evil.example.net')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    ['400', () => client.listDecisions({ limit: 0 }), 400, 'VALIDATION_FAILED'],
    ['404', () => client.getPolicy('nope'), 404, 'POLICY_NOT_FOUND'],
    ['413', () => client.moderate(new Uint8Array(400_000), { policy: 'colours' }), 413, 'IMAGE_TOO_LARGE'],
    ['415', () => client.moderate(new TextEncoder().encode('not an image'), { policy: 'colours' }), 415, 'IMAGE_UNSUPPORTED_FORMAT'],
    ['422', async () => client.moderate((await solidImage(RED, 'png', 200)).subarray(0, 100), { policy: 'colours' }), 422, 'IMAGE_CORRUPT'],
  ])('throws a typed error for %s', async (_label, call, status, code) => {
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModerationApiError);
    expect(error).toMatchObject({ status, code, requestId: expect.any(String) });
  });

  describe('through a flaky proxy', () => {
    let proxy: FlakyProxy;
    beforeEach(async () => {
      proxy = await startFlakyProxy(baseUrl);
    });
    afterEach(async () => {
      await proxy.close();
    });

    it('retries 503 twice, waiting as Retry-After says', async () => {
      proxy.faults.push({ kind: 'status', status: 503, retryAfter: '1' }, { kind: 'status', status: 503, retryAfter: '1' });
      const retries: number[] = [];
      const flaky = new ModerationClient({ baseUrl: proxy.url, onRetry: (event) => retries.push(event.delayMs) });
      const started = Date.now();
      const decision = await flaky.moderate(await solidImage(RED), { policy: 'colours' });
      expect(decision.action).toBe('block');
      expect(retries).toEqual([1000, 1000]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(proxy.seen).toHaveLength(3);
    });

    it('never retries a 4xx', async () => {
      const flaky = new ModerationClient({ baseUrl: proxy.url });
      await expect(flaky.getPolicy('nope')).rejects.toMatchObject({ status: 404 });
      expect(proxy.seen).toHaveLength(1);
    });

    it('retries a lost answer with the same idempotency key, making one decision', async () => {
      proxy.faults.push({ kind: 'drop-response' });
      const flaky = new ModerationClient({ baseUrl: proxy.url, retry: { baseDelayMs: 10 } });
      const subject = `idempotent-${Date.now()}`;
      const decision = await flaky.moderate(await solidImage(BLUE), { policy: 'colours', fresh: true, subject });
      expect(proxy.seen).toHaveLength(2);
      expect(proxy.seen[0]!.idempotencyKey).toBeTruthy();
      expect(proxy.seen[1]!.idempotencyKey).toBe(proxy.seen[0]!.idempotencyKey);
      const stored = await client.listDecisions({ subject });
      expect(stored.items.map((item) => item.id)).toEqual([decision.id]);
    });

    it('reports an unreachable server as NETWORK_ERROR after its retries', async () => {
      const down = new ModerationClient({ baseUrl: 'http://127.0.0.1:9', retry: { retries: 1, baseDelayMs: 5 } });
      await expect(down.getPolicy('colours')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    });
  });
});

describe('verifyWebhook', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ event: 'decision.created', jobId: 'job-1', decision: { id: 'd1', action: 'block' } });
  const sign = (timestamp: number, payload = body, key = secret): string =>
    `t=${timestamp},v1=${createHmac('sha256', key).update(`${timestamp}.${payload}`).digest('hex')}`;
  const now = Math.floor(Date.now() / 1000);

  it('accepts a good signature and returns the typed event', async () => {
    const event = await verifyWebhook(body, { 'X-Moderation-Signature': sign(now) }, secret);
    expect(event).toMatchObject({ event: 'decision.created', jobId: 'job-1', decision: { action: 'block' } });
    await expect(verifyWebhook(Buffer.from(body), new Headers({ 'x-moderation-signature': sign(now) }), secret)).resolves.toBeTruthy();
  });

  it('rejects a tampered body, a wrong secret and a stale timestamp', async () => {
    await expect(verifyWebhook(body.replace('block', 'allow'), { 'x-moderation-signature': sign(now) }, secret)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await expect(verifyWebhook(body, { 'x-moderation-signature': sign(now, body, 'other') }, secret)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await expect(verifyWebhook(body, { 'x-moderation-signature': sign(now - 3600) }, secret)).rejects.toMatchObject({ code: 'WEBHOOK_TIMESTAMP_STALE' });
    await expect(verifyWebhook(body, {}, secret)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
  });
});

import { join } from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import { generateApiKeySecret, hashApiKeySecret, readPresentedKey } from '../../../src/features/access/auth/api-key-secret';
import { createServer } from '../../../src/app/create-server';
import { RED, solidImage } from '../../support/colour-images';
import { createModerationFixture } from '../../support/moderation-fixture';

describe('API key secrets', () => {
  it('are 256 random bits, stored as their sha256, with a short visible prefix', () => {
    const a = generateApiKeySecret();
    const b = generateApiKeySecret();
    expect(a.secret).toMatch(/^mod_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(hashApiKeySecret(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBeLessThan(16);
  });

  it.each([
    ['no header', {}, { kind: 'none' }],
    ['a bearer token', { authorization: 'Bearer mod_abc' }, { kind: 'key', secret: 'mod_abc' }],
    ['a bearer token, loosely written', { authorization: 'bearer   mod_abc  ' }, { kind: 'key', secret: 'mod_abc' }],
    ['X-Api-Key', { 'x-api-key': 'mod_abc' }, { kind: 'key', secret: 'mod_abc' }],
    ['both headers with the same key', { authorization: 'Bearer mod_abc', 'x-api-key': 'mod_abc' }, { kind: 'key', secret: 'mod_abc' }],
    ['both headers with different keys', { authorization: 'Bearer mod_abc', 'x-api-key': 'mod_xyz' }, { kind: 'malformed' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, { kind: 'malformed' }],
    ['a token with a space', { authorization: 'Bearer two words' }, { kind: 'malformed' }],
    ['a repeated header', { 'x-api-key': ['mod_a', 'mod_b'] }, { kind: 'malformed' }],
    ['an overlong key', { 'x-api-key': `mod_${'a'.repeat(300)}` }, { kind: 'malformed' }],
  ])('reads %s', (_label, headers, expected) => {
    expect(readPresentedKey(headers)).toEqual(expected);
  });
});

describe('MODERATION_AUTH=disabled', () => {
  let app: INestApplication;
  let base: string;
  const warn = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    const fixture = await createModerationFixture('auth-disabled');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_AUTH: 'disabled',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    warn.mockRestore();
    await app?.close();
  });

  it('lets every request through as an admin, and says so loudly at start', async () => {
    expect(warn.mock.calls.some(([message]) => String(message).includes('AUTH IS DISABLED'))).toBe(true);
    const me = await fetch(`${base}/v1/auth/me`);
    expect(await me.json()).toMatchObject({ role: 'admin', authDisabled: true });
    expect((await fetch(`${base}/v1/keys`)).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([await solidImage(RED)]), 'red.png');
    const moderated = (await (await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', body: form })).json()) as Record<string, unknown>;
    expect(moderated).toMatchObject({ action: 'block', apiKeyId: null });
  });

  it('is checked at start like every variable', async () => {
    await expect(createServer({ MODERATION_AUTH: 'off', MODERATION_REVIEW_SAMPLE_RATE: '2', MODERATION_REVIEW_SAMPLE_RATES: 'default=half' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { problems: expect.arrayContaining([expect.objectContaining({ key: 'MODERATION_AUTH' }), expect.objectContaining({ key: 'MODERATION_REVIEW_SAMPLE_RATE' }), expect.objectContaining({ key: 'MODERATION_REVIEW_SAMPLE_RATES' })]) },
    });
  });
});

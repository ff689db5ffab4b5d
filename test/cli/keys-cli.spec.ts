import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../src/app/create-server';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';
import { runModerate as moderate } from '../support/run-moderate';

describe('moderate keys', () => {
  let fixture: ModerationFixture;
  let env: NodeJS.ProcessEnv;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('keys-cli');
    env = { MODERATION_DATA_DIR: join(fixture.root, 'data'), LOG_LEVEL: 'error' };
  });

  afterAll(async () => {
    await app?.close();
  });

  const me = async (key: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${base}/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('creates the first admin key of a new installation, which the server then accepts', async () => {
    const created = await moderate(['keys', 'create', '--role', 'admin', '--name', 'ops'], env);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('shown once');
    const key = created.stdout.trim();
    expect(key).toMatch(/^mod_[A-Za-z0-9_-]{43}$/);
    ({ app } = await createServer({
      ...env,
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    expect(await me(key)).toMatchObject({ status: 200, body: { name: 'ops', role: 'admin' } });
    const audit = await fetch(`${base}/v1/audit-events?action=key.create`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await audit.json()) as { items: Array<{ actor: { name: string } }> }).items.map((event) => event.actor.name)).toEqual(['cli']);
  });

  it('lists keys without their secrets and revokes one, which the running server then refuses', async () => {
    const created = await moderate(['keys', 'create', '--role', 'reviewer', '--name', 'alice', '--json'], env);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect(await me(key)).toMatchObject({ status: 200 });
    const listed = await moderate(['keys', 'list', '--json'], env);
    expect(listed.stdout).not.toContain(key);
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((entry) => entry.name)).toEqual(['ops', 'alice']);
    const revoked = await moderate(['keys', 'revoke', id], env);
    expect(revoked.code).toBe(0);
    expect(await me(key)).toMatchObject({ status: 401, body: { code: 'AUTH_INVALID_KEY' } });
  });

  it('refuses an unknown role', async () => {
    const failed = await moderate(['keys', 'create', '--role', 'wizard', '--name', 'x'], env);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('wizard');
  });
});

import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../src/app/create-server';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';
import { runModerate as moderate } from '../support/run-moderate';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../../src/database/database-config';
import { ApiKeyEntity } from '../../src/database/entities/api-key.entity';
import { generateApiKeySecret } from '../../src/features/access/auth/api-key-secret';

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

  it('revokes by an unambiguous id prefix of 8 hex digits or more, and refuses an ambiguous one listing the matches', async () => {
    const created = await moderate(['keys', 'create', '--role', 'reviewer', '--name', 'bob', '--json'], env);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    const revoked = await moderate(['keys', 'revoke', id.slice(0, 8)], env);
    expect([revoked.code, revoked.stderr]).toEqual([0, `Revoked reviewer key "bob" (id ${id}).\n`]);
    expect(await me(key)).toMatchObject({ status: 401, body: { code: 'AUTH_INVALID_KEY' } });

    // Two keys whose ids share their first 8 hex digits, as chance will one day make them.
    const twins = ['6f1c2a9e-0000-4000-8000-000000000001', '6f1c2a9e-0000-4000-8000-000000000002'];
    const dataSource = new DataSource(createDataSourceOptions({ sqlitePath: join(fixture.root, 'data', 'moderation.sqlite') }));
    await dataSource.initialize();
    try {
      for (const [index, twin] of twins.entries()) {
        const { hash, prefix } = generateApiKeySecret();
        await dataSource.getRepository(ApiKeyEntity).insert({ id: twin, name: `twin-${index}`, role: 'submitter', keyHash: hash, keyPrefix: prefix, createdAt: new Date(), createdBy: null, revokedAt: null, revokedBy: null });
      }
    } finally {
      await dataSource.destroy();
    }
    const ambiguous = await moderate(['keys', 'revoke', '6f1c2a9e'], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('VALIDATION_FAILED: Key id prefix "6f1c2a9e" matches 2 keys; give more of the id:');
    for (const twin of twins) expect(ambiguous.stderr).toContain(twin);
    const listed = JSON.parse((await moderate(['keys', 'list', '--json'], env)).stdout) as Array<{ id: string; revokedAt: string | null }>;
    expect(listed.filter((entry) => twins.includes(entry.id)).map((entry) => entry.revokedAt)).toEqual([null, null]);
    expect((await moderate(['keys', 'revoke', '6f1c2a9e-0000-4000-8000-00000000000'], env)).stderr).toContain('matches 2 keys');
    expect((await moderate(['keys', 'revoke', '6f1c'], env)).stderr).toContain('VALIDATION_FAILED: Key id "6f1c" must be a key id, or its first 8 or more hex digits');
    expect((await moderate(['keys', 'revoke', 'deadbeef'], env)).stderr).toContain('API_KEY_NOT_FOUND');
    expect((await moderate(['keys', 'revoke', twins[1]!], env)).code).toBe(0);
  });

  it('refuses an unknown role', async () => {
    const failed = await moderate(['keys', 'create', '--role', 'wizard', '--name', 'x'], env);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('wizard');
  });
});

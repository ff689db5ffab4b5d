import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer } from '../../support/api-keys';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { createTestPostgresDatabase } from '../../support/postgres-database';
import { ModerationDatabase } from '../../../src/database/moderation-database';

/** Response bodies, checked field by field. */
export type Json = Record<string, any>;

/** A status and a parsed body. */
export interface Reply {
  readonly status: number;
  readonly body: Json;
}

/** A running server for review tests, with helpers to call it. */
export interface ReviewServer {
  readonly app: INestApplication;
  readonly base: string;
  readonly dataSource: DataSource;
  readonly fixture: ModerationFixture;
  /** Calls a route with a key (or none), a JSON body (or none). */
  call(method: string, path: string, key?: TestKey | string, body?: unknown): Promise<Reply>;
  /** Moderates `bytes` as a raw PNG body. */
  moderate(key: TestKey, bytes: Buffer, query: string): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * Starts the real server on the tiny colour model with the colour policy under several ids (each
 * test uses its own policy, and queues are split per policy, so tests never take each other's
 * items), on SQLite or a throwaway PostgreSQL database.
 */
export async function startReviewServer(database: 'sqlite' | 'postgres', prefix: string, policyIds: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ReviewServer> {
  const fixture = await createModerationFixture(`${prefix}-${database}`);
  for (const id of policyIds) writeFileSync(join(fixture.policiesDir, `${id}.yaml`), COLOUR_POLICY_YAML.replace('id: colours', `id: ${id}`));
  const serverEnv: NodeJS.ProcessEnv = {
    MODERATION_MODEL: fixture.modelDir,
    MODERATION_POLICIES: fixture.policiesDir,
    MODERATION_CACHE_DIR: fixture.cacheDir,
    MODERATION_DATA_DIR: join(fixture.root, 'data'),
    MODERATION_IMAGE_PURGE_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'error',
    ...env,
  };
  let drop: (() => Promise<void>) | undefined;
  if (database === 'postgres') {
    const pg = await createTestPostgresDatabase();
    serverEnv.DATABASE_URL = pg.url;
    drop = pg.drop;
  }
  const { app } = await createServer(serverEnv);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const headersFor = (key?: TestKey | string): Record<string, string> => (key === undefined ? {} : bearer(key));
  const call = async (method: string, path: string, key?: TestKey | string, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = { ...headersFor(key) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : { text } };
  };
  return {
    app,
    base,
    fixture,
    dataSource: app.get(ModerationDatabase, { strict: false }).dataSource,
    call,
    async moderate(key, bytes, query) {
      const response = await fetch(`${base}/v1/moderations${query}`, { method: 'POST', body: bytes, headers: { 'content-type': 'image/png', ...bearer(key) } });
      return { status: response.status, body: (await response.json()) as Json };
    },
    async close() {
      await app.close();
      await drop?.();
    },
  };
}

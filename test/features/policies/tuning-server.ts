import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer } from '../../support/api-keys';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { createTestPostgresDatabase } from '../../support/postgres-database';
import { ModerationDatabase } from '../../../src/database/moderation-database';

/** Response bodies, checked field by field. */
export type Json = Record<string, any>;

/** A status and a parsed body (or `{ text }` for anything that is not JSON). */
export interface Reply {
  readonly status: number;
  readonly body: Json;
  readonly headers: Headers;
}

/** The real server on the colour fixture, which can be restarted on the same files and database. */
export interface TuningServer {
  readonly fixture: ModerationFixture;
  /** The server's variables (the database, data folder and policies are fixed for its lifetime). */
  readonly env: NodeJS.ProcessEnv;
  app(): INestApplication;
  dataSource(): DataSource;
  call(method: string, path: string, key?: TestKey | string, body?: unknown): Promise<Reply>;
  /** Moderates PNG bytes (a fresh decision unless `fresh` is false). */
  moderate(key: TestKey, bytes: Buffer, policy?: string, fresh?: boolean): Promise<Reply>;
  /** Stops the server and starts it again on the same database and policy files. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on SQLite or a throwaway PostgreSQL database (dropped by `close`). */
export async function startTuningServer(database: 'sqlite' | 'postgres', prefix: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<TuningServer> {
  const fixture = await createModerationFixture(`${prefix}-${database}`);
  const env: NodeJS.ProcessEnv = {
    MODERATION_MODEL: fixture.modelDir,
    MODERATION_POLICIES: fixture.policiesDir,
    MODERATION_CACHE_DIR: fixture.cacheDir,
    MODERATION_DATA_DIR: join(fixture.root, 'data'),
    MODERATION_IMAGE_PURGE_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'error',
    ...extraEnv,
  };
  let drop: (() => Promise<void>) | undefined;
  if (database === 'postgres') {
    const pg = await createTestPostgresDatabase();
    env.DATABASE_URL = pg.url;
    drop = pg.drop;
  }
  let app: INestApplication;
  let base: string;
  const start = async (): Promise<void> => {
    ({ app } = await createServer(env));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  };
  await start();
  const call = async (method: string, path: string, key?: TestKey | string, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = key === undefined ? {} : bearer(key);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') && text;
    return { status: response.status, body: json ? (JSON.parse(text) as Json) : { text }, headers: response.headers };
  };
  return {
    fixture,
    env,
    app: () => app,
    dataSource: () => app.get(ModerationDatabase, { strict: false }).dataSource,
    call,
    async moderate(key, bytes, policy = 'colours', fresh = true) {
      const response = await fetch(`${base}/v1/moderations?policy=${policy}${fresh ? '&fresh=true' : ''}`, {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'image/png', ...bearer(key) },
      });
      return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
    },
    async restart() {
      await app.close();
      await start();
    },
    async close() {
      await app?.close();
      await drop?.();
    },
  };
}

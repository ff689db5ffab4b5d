import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

/** The server every test database is created on; `test` is only used to run CREATE/DROP DATABASE. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database of its own for one test file; `drop` removes it. */
export interface TestPostgresDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database with a unique name, so test files (and parallel runs of the suite)
 * never see each other's tables or rows.
 */
export async function createTestPostgresDatabase(): Promise<TestPostgresDatabase> {
  const name = `moderation_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop(): Promise<void> {
      if (dropped) return;
      dropped = true;
      await withAdminClient(async (client) => {
        // A pool the test forgot to close would otherwise make DROP DATABASE fail.
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
    },
  };
}

/** A SQLite file path under test/.tmp (git-ignored) that no other test uses; the file does not exist yet. */
export function sqliteTestPath(prefix: string): string {
  return join(__dirname, '..', '.tmp', `${prefix}-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

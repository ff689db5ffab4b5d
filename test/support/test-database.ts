import { rmSync } from 'node:fs';
import { DatabaseConfig } from '../../src/database/database-config';
import { createTestPostgresDatabase, sqliteTestPath } from './postgres-database';

/** Both databases the decision log supports; specs run once per driver. */
export const TEST_DRIVERS = ['sqlite', 'postgres'] as const;

/** One of {@link TEST_DRIVERS}. */
export type TestDriver = (typeof TEST_DRIVERS)[number];

/** A fresh, empty database for one spec, and how to get rid of it. */
export interface TestDatabase {
  readonly config: DatabaseConfig;
  remove(): Promise<void>;
}

/** A new SQLite file or a new PostgreSQL database, never shared with another spec or run. */
export async function createTestDatabase(driver: TestDriver, prefix: string): Promise<TestDatabase> {
  if (driver === 'postgres') {
    const database = await createTestPostgresDatabase();
    return { config: { url: database.url }, remove: () => database.drop() };
  }
  const sqlitePath = sqliteTestPath(prefix);
  return {
    config: { sqlitePath },
    remove: async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
    },
  };
}

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { MODERATION_MIGRATIONS } from '../../migrations';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { MODERATION_ENTITIES } from './entities';

export { MODERATION_ENTITIES };

/** Where the decision log lives. */
export interface DatabaseConfig {
  /** A `postgres://` or `postgresql://` URL; absent (or blank) means the embedded SQLite file. */
  url?: string;
  /** The SQLite file when no URL is given; defaults to {@link DEFAULT_SQLITE_PATH}. */
  sqlitePath?: string;
  /** Log every SQL statement (noisy; for debugging). */
  logging?: boolean;
}

/** The SQLite file used when neither a URL nor a path is configured, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = './data/moderation.sqlite';

/** How long a SQLite writer waits for another process's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** How long connecting to PostgreSQL may take before the attempt fails (instead of hanging on TCP). */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

/** The migrations table, prefixed like the rest so it can share a host application's database. */
export const MIGRATIONS_TABLE_NAME = 'moderation_migrations';

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;
const ANY_SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * TypeORM options for the decision log. Schema changes come only from migrations (run at start-up);
 * `synchronize` is never on. Throws ModerationError ConfigInvalid for a URL that is neither
 * PostgreSQL nor absent. Creates the SQLite file's folder when needed.
 */
export function createDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const url = config.url?.trim();
  const common = {
    entities: [...MODERATION_ENTITIES] as Function[],
    migrations: [...MODERATION_MIGRATIONS],
    migrationsRun: true as const,
    migrationsTableName: MIGRATIONS_TABLE_NAME,
    synchronize: false,
    logging: config.logging ?? false,
  };
  if (url) {
    if (!POSTGRES_SCHEME.test(url)) throw unsupportedUrl(url);
    return { ...common, type: 'postgres', url, connectTimeoutMS: POSTGRES_CONNECT_TIMEOUT_MS, applicationName: 'clip-moderation' };
  }
  const database = config.sqlitePath?.trim() || DEFAULT_SQLITE_PATH;
  if (database !== ':memory:') mkdirSync(dirname(resolve(database)), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database,
    // WAL lets readers run beside the writer; the busy timeout makes a second writer (another
    // process: the server and a queue worker) wait for the lock instead of failing at once.
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
  };
}

function unsupportedUrl(url: string): ModerationError {
  // Only the scheme is echoed back: the rest of a database URL usually carries a password.
  const scheme = ANY_SCHEME.exec(url)?.[1]?.toLowerCase();
  const reason = scheme
    ? `unsupported scheme "${scheme}:"; use postgres:// or postgresql://, or leave it unset for SQLite`
    : 'not a URL; use postgres://user:password@host:5432/database, or leave it unset for SQLite';
  return new ModerationError(ModerationErrorCode.ConfigInvalid, `Invalid DATABASE_URL: ${reason}`, {
    problems: [{ key: 'DATABASE_URL', reason }],
  });
}

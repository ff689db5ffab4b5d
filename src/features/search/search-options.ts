import { resolve } from 'node:path';
import { DEFAULT_SQLITE_PATH, DatabaseConfig } from '../../database/database-config';

/** Search of past traffic's part of the module options. */
export interface SearchFeatureOptions {
  readonly search?: SearchOptions;
}

/** Where the search index keeps its snapshot, and how fresh it keeps itself. */
export interface SearchOptions {
  /**
   * Folder for the index's snapshot files, so a restart reads the decisions recorded since the
   * snapshot instead of every row. Unset: no snapshot (each start reads every decision), as for
   * an in-memory database. The server uses `<MODERATION_DATA_DIR>/search`.
   */
  readonly snapshotDir?: string;
  /** How often (ms) the snapshot is written while the server runs; 0: only at shutdown. Default 600000. */
  readonly snapshotIntervalMs?: number;
  /**
   * How often (ms) the index reads decisions and verdicts recorded by other processes (workers,
   * other servers); every search reads them first anyway. Default 5000; 0: only before searches.
   */
  readonly refreshMs?: number;
  /**
   * How far behind the newest decision seen each refresh looks again (ms), for rows whose
   * transaction committed late or whose writer's clock runs behind. Default 60000.
   */
  readonly lookbackMs?: number;
  /** Decisions read per query while building the index from the database. Default 2000. */
  readonly pageSize?: number;
}

export const DEFAULT_SEARCH_OPTIONS: Readonly<Required<Omit<SearchOptions, 'snapshotDir'>>> = Object.freeze({
  snapshotIntervalMs: 600_000,
  refreshMs: 5000,
  lookbackMs: 60_000,
  pageSize: 2000,
});

/** The options with defaults filled in; `snapshotDir` stays undefined when not set. */
export type ResolvedSearchOptions = Required<Omit<SearchOptions, 'snapshotDir'>> & { readonly snapshotDir?: string };

/** The options with their defaults filled in. */
export function resolveSearchOptions(options: SearchFeatureOptions): ResolvedSearchOptions {
  const given = Object.fromEntries(Object.entries(options.search ?? {}).filter(([, value]) => value !== undefined)) as SearchOptions;
  return { ...DEFAULT_SEARCH_OPTIONS, ...given };
}

/** Which database a snapshot was made from, without credentials: a PostgreSQL URL's host and database, or the SQLite file. */
export function databaseLabel(config: DatabaseConfig): string {
  if (config.url?.trim()) {
    const url = new URL(config.url);
    return `postgres://${url.host}${url.pathname}`;
  }
  const path = config.sqlitePath ?? DEFAULT_SQLITE_PATH;
  return path === ':memory:' ? path : `sqlite:${resolve(path)}`;
}

/**
 * The search options of a module configuration with the database they index: no snapshot for
 * an in-memory SQLite database, which starts empty every time.
 */
export function searchSettings(options: SearchFeatureOptions & { readonly database?: DatabaseConfig }): ResolvedSearchOptions & { readonly database: string } {
  const resolved = resolveSearchOptions(options);
  const database = databaseLabel(options.database ?? {});
  return { ...resolved, database, snapshotDir: database === ':memory:' ? undefined : resolved.snapshotDir };
}

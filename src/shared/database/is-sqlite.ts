import { DataSource } from 'typeorm';

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** True when the data source is one of the SQLite drivers. */
export function isSqliteDataSource(dataSource: DataSource): boolean {
  return SQLITE_TYPES.has(dataSource.options.type);
}

import { DataSource } from 'typeorm';
import { withDatabaseErrors } from './database-errors';
import { runExclusive } from './exclusive';

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Runs one unit of database work; see {@link createDatabaseRunner}. */
export type DatabaseRunner = <T>(operation: string, work: () => Promise<T>) => Promise<T>;

/** True when the data source is one of the SQLite drivers. */
export function isSqliteDataSource(dataSource: DataSource): boolean {
  return SQLITE_TYPES.has(dataSource.options.type);
}

/**
 * How the stores beside {@link DecisionRepository} run their work: unreachable-database failures become
 * ModerationError DatabaseUnavailable, and on SQLite every unit is queued behind the others on the
 * same data source (one connection: see runExclusive), reads included, so no unit sees another's
 * transaction half done.
 */
export function createDatabaseRunner(dataSource: DataSource): DatabaseRunner {
  const sqlite = isSqliteDataSource(dataSource);
  return <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    withDatabaseErrors(operation, () => (sqlite ? runExclusive(dataSource, work) : work()));
}

import { DataSource, EntityManager } from 'typeorm';
import { databaseUnavailable, withDatabaseErrors } from '../shared/database/database-errors';
import { isSqliteDataSource } from '../shared/database/is-sqlite';
import { runExclusive } from '../shared/database/exclusive';

/**
 * The decision log's database, and the one way to run work on it: every repository goes through
 * {@link run} or {@link transaction}, so an unreachable database is always DATABASE_UNAVAILABLE,
 * and on SQLite every unit of work waits for the one before it (a single connection serves the
 * whole data source: overlapping transactions would nest, see runExclusive).
 */
export class ModerationDatabase {
  /** True on the embedded SQLite file, false on PostgreSQL. */
  readonly sqlite: boolean;

  constructor(readonly dataSource: DataSource) {
    this.sqlite = isSqliteDataSource(dataSource);
  }

  /** True until {@link close}. */
  get isOpen(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Runs one unit of work; reads are queued too on SQLite, so none sees another's transaction half done. */
  run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return withDatabaseErrors(operation, () => (this.sqlite ? runExclusive(this.dataSource, work) : work()));
  }

  /** Runs `work` in one transaction, as one unit of work. */
  transaction<T>(operation: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run(operation, () => this.dataSource.transaction(work));
  }

  /**
   * Resolves when the database answers; DATABASE_UNAVAILABLE (the driver's error as its cause)
   * otherwise. Not queued behind other work: `SELECT 1` cannot disturb a transaction, and a health
   * probe must not wait for a backlog of writes.
   */
  async ping(): Promise<void> {
    if (!this.isOpen) throw databaseUnavailable(new Error('The database is closed'), 'ping');
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw databaseUnavailable(error, 'ping');
    }
  }

  /** Closes the connections; later work fails with DATABASE_UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.isOpen) await this.dataSource.destroy();
  }
}

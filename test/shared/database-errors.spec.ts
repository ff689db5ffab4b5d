import { DataSource, QueryFailedError } from 'typeorm';
import { ModerationError } from '../../src/engine/errors/moderation-error';
import { AppErrorCode } from '../../src/shared/errors/app-error-code';
import { isDatabaseUnreachable } from '../../src/shared/database/database-errors';
import { createDataSourceOptions } from '../../src/database/database-config';
import { DecisionRepository } from '../../src/core/decisions/decision.repository';
import { TEST_DRIVERS, createTestDatabase } from '../support/test-database';
import { ModerationDatabase } from '../../src/database/moderation-database';

const withCode = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  it('recognises connection failures of both drivers, also wrapped by TypeORM', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('3D000', 'database "gone" does not exist'),
      withCode('SQLITE_BUSY', 'database is locked'),
      withCode('SQLITE_IOERR_WRITE'),
      new Error('Connection terminated unexpectedly'),
      new TypeError('The database connection is not open'),
      new QueryFailedError('SELECT 1', [], withCode('08006')),
      new Error('outer', { cause: withCode('ETIMEDOUT') }),
    ]) {
      expect(isDatabaseUnreachable(error)).toBe(true);
    }
  });

  it('leaves query bugs and constraint violations alone', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "x" does not exist'),
      withCode('SQLITE_CONSTRAINT_PRIMARYKEY'),
      new QueryFailedError('SELEC 1', [], withCode('42601')),
      new Error('plain'),
      'not even an error',
      undefined,
    ]) {
      expect(isDatabaseUnreachable(error)).toBe(false);
    }
  });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModerationError);
    return (error as ModerationError).code;
  }
  throw new Error('expected a rejection');
}

describe.each(TEST_DRIVERS)('DecisionRepository when the %s database goes away', (driver) => {
  it('reports DatabaseUnavailable from reads, writes and ping', async () => {
    const database = await createTestDatabase(driver, 'database-errors');
    const dataSource = new DataSource(createDataSourceOptions(database.config));
    await dataSource.initialize();
    const store = new DecisionRepository(new ModerationDatabase(dataSource));
    try {
      await expect(store.ping()).resolves.toBeUndefined();
      // PostgreSQL: the database is dropped under the open pool. SQLite: the connection is closed.
      if (driver === 'postgres') await database.remove();
      else await dataSource.destroy();
      expect(await codeOf(store.findById('0c8b5c1e-5f4e-4d0b-9a55-1c0f3f7d0e11'))).toBe(AppErrorCode.DatabaseUnavailable);
      expect(await codeOf(store.list({}, { limit: 5 }))).toBe(AppErrorCode.DatabaseUnavailable);
      expect(await codeOf(store.ping())).toBe(AppErrorCode.DatabaseUnavailable);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.remove();
    }
  });
});

describe('DecisionRepository when PostgreSQL cannot be reached at start-up', () => {
  it('ping reports DatabaseUnavailable instead of a driver error', async () => {
    // Port 1 refuses connections at once, so this fails fast instead of waiting for a timeout.
    const dataSource = new DataSource(createDataSourceOptions({ url: 'postgres://postgres@127.0.0.1:1/nothing' }));
    await expect(dataSource.initialize()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await codeOf(new DecisionRepository(new ModerationDatabase(dataSource)).ping())).toBe(AppErrorCode.DatabaseUnavailable);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModerationError } from '../../src/engine/errors/moderation-error';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import { DEFAULT_SQLITE_PATH, MODERATION_ENTITIES, createDataSourceOptions } from '../../src/database/database-config';
import { MODERATION_MIGRATIONS } from '../../migrations';
import { tempDir } from '../support/temp-dir';

describe('createDataSourceOptions', () => {
  it('uses PostgreSQL for postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://u:p@db:5432/app', 'postgresql://db/app', 'POSTGRES://db/app']) {
      const options = createDataSourceOptions({ url });
      expect(options).toMatchObject({ type: 'postgres', url, synchronize: false, migrationsRun: true, migrationsTableName: 'moderation_migrations' });
    }
  });

  it('uses a SQLite file with WAL and a busy timeout otherwise, creating its folder', () => {
    const sqlitePath = join(tempDir('database-config'), 'nested', 'deeper', 'log.sqlite');
    const options = createDataSourceOptions({ sqlitePath, url: '  ' });
    expect(options).toMatchObject({ type: 'better-sqlite3', database: sqlitePath, enableWAL: true, synchronize: false, migrationsRun: true });
    expect((options as { timeout?: number }).timeout).toBeGreaterThan(0);
    expect(existsSync(join(sqlitePath, '..'))).toBe(true);
    expect(DEFAULT_SQLITE_PATH).toBe('./data/moderation.sqlite');
  });

  it('lists entities and migrations explicitly, never as globs', () => {
    const options = createDataSourceOptions({ sqlitePath: ':memory:' });
    expect(options.entities).toEqual([...MODERATION_ENTITIES]);
    expect(options.migrations).toEqual([...MODERATION_MIGRATIONS]);
    // Classes, never glob strings (the count grows with every feature, so it is not pinned here).
    expect(MODERATION_ENTITIES.every((entity) => typeof entity === 'function')).toBe(true);
  });

  it('refuses other URL schemes with ConfigInvalid, without echoing credentials', () => {
    for (const url of ['mysql://root:s3cret@db/app', 'sqlite:///tmp/x.sqlite', 'db.example.com:5432']) {
      let error: unknown;
      try {
        createDataSourceOptions({ url });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ModerationError);
      expect((error as ModerationError).code).toBe(ModerationErrorCode.ConfigInvalid);
      expect(JSON.stringify((error as ModerationError).toJSON())).not.toContain('s3cret');
    }
  });
});

import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ModerationError } from '../engine/errors/moderation-error';
import { AppErrorCode } from '../shared/errors/app-error-code';
import { initializeDataSource } from '../database/open-database';
import { createDataSourceOptions } from '../database/database-config';
import { moduleOptionsFromEnvironment } from '../app/module-options-from-environment';
import { Environment } from '../config/environment';

/**
 * Opens the decision log the server writes to, chosen by the server's own variables
 * (`DATABASE_URL`, else `moderation.sqlite` under `MODERATION_DATA_DIR`). A missing SQLite file
 * is an error rather than a new empty database: replaying nothing would look like "no change".
 * Connecting runs pending migrations, as the server does, so the schema is the one this code reads.
 */
export async function openDecisionLog(env: Environment, log: (line: string) => void): Promise<DataSource> {
  const { database } = moduleOptionsFromEnvironment(env);
  if (!database?.url && database?.sqlitePath && !existsSync(database.sqlitePath)) {
    throw new ModerationError(
      AppErrorCode.DatabaseUnavailable,
      `No decision log at ${database.sqlitePath}; set MODERATION_DATA_DIR to the server's data folder or DATABASE_URL to its database`,
      { operation: 'open' },
    );
  }
  return initializeDataSource(createDataSourceOptions(database ?? {}), { attempts: 2, firstDelayMs: 500 }, { warn: log });
}

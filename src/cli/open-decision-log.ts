import { existsSync } from 'node:fs';
import { ModerationError } from '../engine/errors/moderation-error';
import { AppErrorCode } from '../shared/errors/app-error-code';
import { openModerationDatabase } from '../database/open-database';
import { ModerationDatabase } from '../database/moderation-database';
import { moduleOptionsFromEnvironment } from '../app/module-options-from-environment';
import { Environment } from '../config/environment';

/**
 * Opens the decision log the server writes to, chosen by the server's own variables
 * (`DATABASE_URL`, else `moderation.sqlite` under `MODERATION_DATA_DIR`). A missing SQLite file
 * is an error rather than a new empty database: replaying nothing would look like "no change".
 * Connecting runs pending migrations, as the server does, so the schema is the one this code reads.
 */
export async function openDecisionLog(env: Environment, log: (line: string) => void): Promise<ModerationDatabase> {
  const { database } = moduleOptionsFromEnvironment(env);
  if (!database?.url && database?.sqlitePath && !existsSync(database.sqlitePath)) {
    throw new ModerationError(
      AppErrorCode.DatabaseUnavailable,
      `No decision log at ${database.sqlitePath}; set MODERATION_DATA_DIR to the server's data folder or DATABASE_URL to its database`,
      { operation: 'open' },
    );
  }
  return openModerationDatabase(database ?? {}, { attempts: 2, firstDelayMs: 500 }, { warn: log });
}

import { existsSync } from 'node:fs';
import { moduleOptionsFromEnvironment } from '../app/module-options-from-environment';
import { Environment } from '../config/environment';
import { DatabaseConfig } from '../database/database-config';
import { ModerationDatabase } from '../database/moderation-database';
import { openModerationDatabase } from '../database/open-database';

/** The server's database as the server would pick it from the same variables. */
export interface ServerDatabase {
  readonly config: DatabaseConfig;
  /** How it is named to people: never the URL itself, which usually carries a password. */
  readonly label: string;
  /** False for a SQLite file that does not exist: no server has run on this data folder. */
  readonly exists: boolean;
}

/** `DATABASE_URL` when set, else `moderation.sqlite` under `MODERATION_DATA_DIR` (default ./data). */
export function serverDatabase(env: Environment): ServerDatabase {
  const config = moduleOptionsFromEnvironment(env).database ?? {};
  if (config.url) return { config, label: 'the database at DATABASE_URL', exists: true };
  const path = config.sqlitePath ?? '';
  return { config, label: path, exists: existsSync(path) };
}

/**
 * Opens the server's database when there is one (migrating it, as the server would), else null: a
 * command that only reads policies then reads the files. An unreachable DATABASE_URL is an error,
 * never a quiet fall back to files that the server may not be enforcing.
 */
export async function openServerDatabaseIfAny(env: Environment, log: (line: string) => void): Promise<{ database: ModerationDatabase | null; where: ServerDatabase }> {
  const where = serverDatabase(env);
  if (!where.exists) return { database: null, where };
  return { database: await openModerationDatabase(where.config, { attempts: 2, firstDelayMs: 500 }, { warn: log }), where };
}

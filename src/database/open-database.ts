import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ModerationError } from '../engine/errors/moderation-error';
import { AppErrorCode } from '../shared/errors/app-error-code';
import { DatabaseConfig, createDataSourceOptions } from './database-config';
import { ModerationDatabase } from './moderation-database';

/** How often and how patiently to try reaching the database at start-up. */
export interface ConnectRetry {
  readonly attempts: number;
  readonly firstDelayMs: number;
}

/**
 * Connects and runs pending migrations, retrying a bounded number of times with doubling delays
 * (a database that starts alongside the app is often a few seconds late), logging each failure.
 */
export async function initializeDataSource(
  options: DataSourceOptions,
  retry: ConnectRetry = { attempts: 5, firstDelayMs: 500 },
  logger: Pick<Logger, 'warn'> = new Logger('Moderation'),
): Promise<DataSource> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    const dataSource = new DataSource(options);
    try {
      return await dataSource.initialize();
    } catch (error) {
      lastError = error;
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      if (attempt === retry.attempts) break;
      const delay = retry.firstDelayMs * 2 ** (attempt - 1);
      logger.warn(`database not ready (attempt ${attempt}/${retry.attempts}): ${describe(error)}; retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw new ModerationError(
    AppErrorCode.DatabaseUnavailable,
    `Could not open the decision log after ${retry.attempts} attempts: ${describe(lastError)}`,
    { type: options.type, attempts: retry.attempts },
    { cause: lastError },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens the decision log described by `config`: connected (with the retries above) and migrated. */
export async function openModerationDatabase(config: DatabaseConfig, retry?: ConnectRetry, logger?: Pick<Logger, 'warn'>): Promise<ModerationDatabase> {
  return new ModerationDatabase(await initializeDataSource(createDataSourceOptions(config), retry, logger));
}

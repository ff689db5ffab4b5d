/** The decision log's database: configuration, opening and migrating it, and every entity. */
export { DEFAULT_SQLITE_PATH, MIGRATIONS_TABLE_NAME, MODERATION_ENTITIES, createDataSourceOptions } from './database-config';
export type { DatabaseConfig } from './database-config';
export { ModerationDatabase } from './moderation-database';
export { initializeDataSource, openModerationDatabase } from './open-database';
export type { ConnectRetry } from './open-database';
export * from './entities';
export { MODERATION_MIGRATIONS } from '../../migrations';

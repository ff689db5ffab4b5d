import { ModerationEngineOptions } from '../engine/engine-options';
import { DatabaseConfig } from '../persistence/database-config';

/**
 * Options of {@link ModerationModule}: the engine's (model, policies, limits, batching) plus
 * where decisions are logged and held uploads are kept.
 */
export interface ModerationModuleOptions extends ModerationEngineOptions {
  /** Decision log: SQLite in a file by default, PostgreSQL when `url` is a postgres URL. */
  readonly database?: DatabaseConfig;
  /** Folder where uploads held for review are kept, content-addressed. Default `./data/held`. */
  readonly heldUploadsDir?: string;
  /** Policy used when a call names none. Default `default`. */
  readonly defaultPolicy?: string;
}

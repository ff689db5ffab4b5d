import { ModerationEngineOptions } from '../engine/engine-options';
import { DatabaseConfig } from '../database/database-config';

/**
 * What the core needs: the engine's options (model, policies, limits, batching) and where
 * decisions are logged. Features read their own options from the same object (the public
 * ModerationModule's options extend this with theirs).
 */
export interface CoreOptions extends ModerationEngineOptions {
  /** Decision log: SQLite in a file by default, PostgreSQL when `url` is a postgres URL. */
  readonly database?: DatabaseConfig;
  /** Policy used when a call names none. Default `default`. */
  readonly defaultPolicy?: string;
}

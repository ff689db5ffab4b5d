import { ModerationEngineOptions } from '../engine/engine-options';
import { AuthOptions } from '../features/access/auth/auth-options';
import { DatabaseConfig } from '../database/database-config';
import { ReviewQueueOptions } from '../features/review/review-options';
import { ImageStorageOptions } from '../features/review/storage/image-storage-options';

/**
 * Options of {@link ModerationModule}: the engine's (model, policies, limits, batching) plus
 * where decisions are logged and held uploads are kept.
 */
export interface ModerationModuleOptions extends ModerationEngineOptions {
  /** Decision log: SQLite in a file by default, PostgreSQL when `url` is a postgres URL. */
  readonly database?: DatabaseConfig;
  /**
   * Folder where uploads held for review are kept, content-addressed. Superseded by `images.dir`
   * (held uploads and review images share one store); used when `images.dir` is not set.
   */
  readonly heldUploadsDir?: string;
  /** The image store for review (local folder by default) and how long bytes are kept. */
  readonly images?: ImageStorageOptions;
  /** Review queue: sample rates, queue split, serving order, lease length. */
  readonly review?: ReviewQueueOptions;
  /** API keys on the HTTP API; on unless `enabled: false`. */
  readonly auth?: AuthOptions;
  /** Policy used when a call names none. Default `default`. */
  readonly defaultPolicy?: string;
  /**
   * How often (ms) a process re-reads which policy version is active and which in shadow, to pick
   * up promotions made by another process. Default 10000; 0 reads only at start (and after a
   * change made by this process).
   */
  readonly policyRefreshMs?: number;
}

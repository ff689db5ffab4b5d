import { join, resolve } from 'node:path';
import { engineOptionsFromEnvironment } from '../config/engine-options-from-environment';
import { rateLimitOptionsFromEnvironment } from './rate-limit-options-from-environment';
import { reviewOptionsFromEnvironment } from './review-options-from-environment';
import { ModerationModuleOptions } from './moderation-module-options';
import { Environment } from '../config/environment';

/** Module options for the standalone server, from its validated environment. */
export function moduleOptionsFromEnvironment(env: Environment): ModerationModuleOptions {
  const dataDir = resolve(env.MODERATION_DATA_DIR ?? 'data');
  return {
    ...engineOptionsFromEnvironment(env),
    database: env.DATABASE_URL ? { url: env.DATABASE_URL } : { sqlitePath: join(dataDir, 'moderation.sqlite') },
    // Review images and held uploads share one content-addressed store: <data>/images.
    ...reviewOptionsFromEnvironment(env, dataDir),
    ...rateLimitOptionsFromEnvironment(env),
    ...(env.MODERATION_POLICY_REFRESH_SECONDS === undefined ? {} : { policyRefreshMs: env.MODERATION_POLICY_REFRESH_SECONDS * 1000 }),
    banks: {
      importMaxBytes: env.MODERATION_BANK_IMPORT_MAX_BYTES,
      importMaxLines: env.MODERATION_BANK_IMPORT_MAX_LINES,
      refreshMs: env.MODERATION_BANK_REFRESH_MS,
      snapshotDir: join(dataDir, 'banks'),
    },
    search: { snapshotDir: join(dataDir, 'search'), snapshotIntervalMs: secondsToMs(env.MODERATION_SEARCH_SNAPSHOT_SECONDS), refreshMs: env.MODERATION_SEARCH_REFRESH_MS },
  };
}

const secondsToMs = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : seconds * 1000);

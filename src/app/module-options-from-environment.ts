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
  };
}

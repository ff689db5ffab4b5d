import { join } from 'node:path';
import { Environment } from '../config/environment';
import { AuthOptions } from '../features/access/auth/auth-options';
import { ReviewQueueOptions } from '../features/review/review-options';
import { ImageStorageOptions } from '../features/review/storage/image-storage-options';
import { parseSampleRates } from '../config/patterns';

/** The module options for review, auth and images, from the validated environment. */
export interface ReviewModuleSettings {
  readonly images: ImageStorageOptions;
  readonly review: ReviewQueueOptions;
  readonly auth: AuthOptions;
}

/** Maps the variables onto module options; images live in `<dataDir>/images`. */
export function reviewOptionsFromEnvironment(env: Environment, dataDir: string): ReviewModuleSettings {
  const minutes = env.MODERATION_IMAGE_PURGE_INTERVAL_MINUTES;
  return {
    images: {
      dir: join(dataDir, 'images'),
      retentionDays: env.MODERATION_IMAGE_RETENTION_DAYS,
      purgeIntervalMs: minutes === undefined ? undefined : minutes * 60_000,
    },
    review: {
      sampleRate: env.MODERATION_REVIEW_SAMPLE_RATE,
      sampleRates: parseSampleRates(env.MODERATION_REVIEW_SAMPLE_RATES),
      split: env.MODERATION_REVIEW_QUEUES,
      order: env.MODERATION_REVIEW_ORDER,
      leaseSeconds: env.MODERATION_REVIEW_LEASE_SECONDS,
    },
    auth: { enabled: env.MODERATION_AUTH !== 'disabled' },
  };
}

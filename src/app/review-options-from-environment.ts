import { Environment } from '../config/environment';
import { AuthOptions } from '../features/access/auth/auth-options';
import { ReviewQueueOptions } from '../features/review/review-options';
import { ImageStorageOptions } from '../features/review/storage/image-storage-options';
import { parseSampleRates } from '../config/patterns';
import { imageStorageOptionsFromEnvironment } from './image-storage-options-from-environment';

/** The module options for review, auth and images, from the validated environment. */
export interface ReviewModuleSettings {
  readonly images: ImageStorageOptions;
  readonly review: ReviewQueueOptions;
  readonly auth: AuthOptions;
}

/** Maps the variables onto module options; the local image store lives in `<dataDir>/images`. */
export function reviewOptionsFromEnvironment(env: Environment, dataDir: string): ReviewModuleSettings {
  return {
    images: imageStorageOptionsFromEnvironment(env, dataDir),
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

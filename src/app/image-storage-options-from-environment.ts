import { join } from 'node:path';
import { Environment } from '../config/environment';
import { ImageStorageOptions } from '../features/review/storage/image-storage-options';
import { S3ImageStoreOptions } from '../features/review/storage/s3-image-store-options';

/** The image store and retention from the variables; the local store lives in `<dataDir>/images`. */
export function imageStorageOptionsFromEnvironment(env: Environment, dataDir: string): ImageStorageOptions {
  const minutes = env.MODERATION_IMAGE_PURGE_INTERVAL_MINUTES;
  return {
    backend: env.MODERATION_IMAGE_STORE ?? 'local',
    dir: join(dataDir, 'images'),
    s3: env.MODERATION_IMAGE_STORE === 's3' ? s3OptionsFromEnvironment(env) : undefined,
    retentionDays: env.MODERATION_IMAGE_RETENTION_DAYS,
    purgeIntervalMs: minutes === undefined ? undefined : minutes * 60_000,
  };
}

/** `MODERATION_S3_*`; the bucket was checked to be there when the store is s3. */
function s3OptionsFromEnvironment(env: Environment): S3ImageStoreOptions {
  const accessKeyId = env.MODERATION_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.MODERATION_S3_SECRET_ACCESS_KEY;
  return {
    bucket: env.MODERATION_S3_BUCKET!,
    endpoint: env.MODERATION_S3_ENDPOINT,
    region: env.MODERATION_S3_REGION,
    // Both or neither (checked with the variables): neither means the SDK's default chain.
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: env.MODERATION_S3_FORCE_PATH_STYLE === 'true',
    prefix: env.MODERATION_S3_PREFIX,
  };
}

import { loadEnvironment } from '../../src/config/load-environment';
import { imageStorageOptionsFromEnvironment } from '../../src/app/image-storage-options-from-environment';
import { queueOptionsFromEnvironment } from '../../src/features/jobs/queue/queue-options-from-environment';

/** The keys a refused configuration names, sorted. */
function refusedKeys(env: NodeJS.ProcessEnv): { keys: string[]; message: string } {
  try {
    loadEnvironment(env);
  } catch (error) {
    const problems = (error as { details: { problems: Array<{ key: string }> } }).details.problems;
    return { keys: problems.map((problem) => problem.key).sort(), message: (error as Error).message };
  }
  throw new Error('the configuration was accepted');
}

describe('the storage variables', () => {
  it('maps MODERATION_IMAGE_STORE=s3 and its MODERATION_S3_* variables onto the store options', () => {
    const env = loadEnvironment({
      MODERATION_IMAGE_STORE: 'S3',
      MODERATION_S3_ENDPOINT: 'http://minio:9000',
      MODERATION_S3_BUCKET: 'review-images',
      MODERATION_S3_ACCESS_KEY_ID: 'minio',
      MODERATION_S3_SECRET_ACCESS_KEY: 'minio-secret',
      MODERATION_S3_FORCE_PATH_STYLE: 'TRUE',
      MODERATION_S3_PREFIX: 'team/moderation/',
      MODERATION_UPLOAD_STORE: 'images',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(imageStorageOptionsFromEnvironment(env, '/srv/data')).toMatchObject({
      backend: 's3',
      dir: '/srv/data/images',
      s3: {
        bucket: 'review-images',
        endpoint: 'http://minio:9000',
        credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' },
        forcePathStyle: true,
        prefix: 'team/moderation/',
      },
    });
    expect(queueOptionsFromEnvironment(env)).toMatchObject({ uploadStore: 'images' });
  });

  it('defaults to the local store, Redis uploads and the SDK credential chain', () => {
    const env = loadEnvironment({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(imageStorageOptionsFromEnvironment(env, '/srv/data')).toMatchObject({ backend: 'local', s3: undefined });
    expect(queueOptionsFromEnvironment(env)?.uploadStore).toBeUndefined();
    const s3 = imageStorageOptionsFromEnvironment(loadEnvironment({ MODERATION_IMAGE_STORE: 's3', MODERATION_S3_BUCKET: 'images' }), '/srv/data').s3;
    expect(s3).toMatchObject({ bucket: 'images', forcePathStyle: false });
    expect(s3?.credentials).toBeUndefined();
  });

  it('refuses an s3 store without a bucket, half a key pair, and bad values, never echoing the secret', () => {
    const { keys, message } = refusedKeys({
      MODERATION_IMAGE_STORE: 's3',
      MODERATION_S3_SECRET_ACCESS_KEY: 'do-not-print-me',
      MODERATION_S3_ENDPOINT: 'minio:9000',
      MODERATION_S3_FORCE_PATH_STYLE: 'yes',
      MODERATION_S3_PREFIX: '/absolute',
      MODERATION_UPLOAD_STORE: 'disk',
    });
    expect(keys).toEqual([
      'MODERATION_S3_ACCESS_KEY_ID',
      'MODERATION_S3_BUCKET',
      'MODERATION_S3_ENDPOINT',
      'MODERATION_S3_FORCE_PATH_STYLE',
      'MODERATION_S3_PREFIX',
      'MODERATION_UPLOAD_STORE',
    ]);
    expect(message).not.toContain('do-not-print-me');
    expect(refusedKeys({ MODERATION_IMAGE_STORE: 'ftp' }).keys).toEqual(['MODERATION_IMAGE_STORE']);
  });
});

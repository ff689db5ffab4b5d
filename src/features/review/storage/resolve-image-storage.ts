import { join, resolve } from 'node:path';
import { ModerationDatabase } from '../../../database/moderation-database';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { DATABASE_IMAGE_MAX_BYTES, DatabaseImageStore } from './database-image-store';
import { ImageBytesRepository } from './image-bytes.repository';
import { IMAGE_STORAGE_DEFAULTS, ImageStorageOptions } from './image-storage-options';
import { ImageStore } from './image-store';
import { LocalImageStore } from './local-image-store';
import { reportingUnavailability } from './reporting-unavailability';
import { S3ImageStore, createS3Client } from './s3-image-store';
import { describeS3Store } from './s3-image-store-options';

/** {@link ImageStorageOptions} with defaults applied and the store built. */
export interface ResolvedImageStorage {
  readonly store: ImageStore;
  /**
   * The same backend's area for asynchronous uploads waiting for their job
   * (`MODERATION_UPLOAD_STORE=images`); absent for a store of the caller's own.
   */
  readonly uploads?: ImageStore;
  readonly retentionDays: number;
  readonly purgeIntervalMs: number;
  /** Which store it is, for the start-up log (never a credential). */
  readonly description: string;
  /** Releases what the store holds open (the S3 client's connections). */
  close(): Promise<void>;
}

/** What building a store may need beyond its options. */
export interface ImageStorageContext {
  /** The decision database, for `backend: 'database'`. */
  readonly database?: ModerationDatabase;
  /** The largest upload the engine accepts: the database store refuses to start below it. */
  readonly maxUploadBytes?: number;
}

/** Both areas of a backend, and what to release at shutdown. */
interface Backend {
  readonly images: ImageStore;
  readonly uploads?: ImageStore;
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The image store and retention in force. `legacyDir` is the module's older `heldUploadsDir`
 * option, still honoured when `images.dir` is not set.
 */
export function resolveImageStorage(options: ImageStorageOptions = {}, legacyDir?: string, context: ImageStorageContext = {}): ResolvedImageStorage {
  const retentionDays = options.retentionDays ?? IMAGE_STORAGE_DEFAULTS.retentionDays;
  const purgeIntervalMs = options.purgeIntervalMs ?? IMAGE_STORAGE_DEFAULTS.purgeIntervalMs;
  const problems: Array<{ key: string; reason: string }> = [];
  if (!(Number.isInteger(retentionDays) && retentionDays >= 1)) problems.push({ key: 'images.retentionDays', reason: 'must be a whole number of days, at least 1' });
  if (!(Number.isInteger(purgeIntervalMs) && purgeIntervalMs >= 0)) problems.push({ key: 'images.purgeIntervalMs', reason: 'must be a whole number of ms, 0 or more' });
  if (problems.length > 0) throw invalidOptions(problems);
  const backend = buildBackend(options, legacyDir, context);
  return {
    store: reportingUnavailability(backend.images),
    uploads: backend.uploads && reportingUnavailability(backend.uploads),
    retentionDays,
    purgeIntervalMs,
    description: backend.description,
    close: () => backend.close(),
  };
}

function buildBackend(options: ImageStorageOptions, legacyDir: string | undefined, context: ImageStorageContext): Backend {
  const nothingToClose = async (): Promise<void> => undefined;
  if (options.store) return { images: options.store, description: 'a store given in the module options', close: nothingToClose };
  const kind = options.backend ?? IMAGE_STORAGE_DEFAULTS.backend;
  if (kind === 'database') {
    if (!context.database) throw invalidOptions([{ key: 'images.backend', reason: 'database needs the decision database' }]);
    if (context.maxUploadBytes !== undefined && context.maxUploadBytes > DATABASE_IMAGE_MAX_BYTES) {
      throw invalidOptions([{ key: 'images.backend', reason: `database keeps images of at most ${DATABASE_IMAGE_MAX_BYTES} bytes, below the upload limit (MODERATION_MAX_BYTES=${context.maxUploadBytes}); use s3 or lower the limit` }]);
    }
    const rows = new ImageBytesRepository(context.database);
    return { images: new DatabaseImageStore(rows, 'images'), uploads: new DatabaseImageStore(rows, 'uploads'), description: 'the decision database', close: nothingToClose };
  }
  if (kind === 's3') {
    if (!options.s3) throw invalidOptions([{ key: 'images.s3', reason: 'is required for the s3 backend (bucket, endpoint, credentials)' }]);
    const client = createS3Client(options.s3);
    const prefix = options.s3.prefix ? options.s3.prefix.replace(/\/?$/, '/') : '';
    return {
      images: new S3ImageStore(client, options.s3.bucket, `${prefix}images/`),
      uploads: new S3ImageStore(client, options.s3.bucket, `${prefix}uploads/`),
      description: `S3: ${describeS3Store(options.s3)}`,
      close: async () => client.destroy(),
    };
  }
  const dir = resolve(options.dir ?? legacyDir ?? IMAGE_STORAGE_DEFAULTS.dir);
  return { images: new LocalImageStore(dir), uploads: new LocalImageStore(join(dir, 'uploads')), description: `the local folder ${dir}`, close: nothingToClose };
}

function invalidOptions(problems: Array<{ key: string; reason: string }>): ModerationError {
  return new ModerationError(ModerationErrorCode.ConfigInvalid, `Invalid image storage options: ${problems.map((p) => `${p.key} ${p.reason}`).join('; ')}`, { problems });
}

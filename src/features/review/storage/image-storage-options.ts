import { ImageStoreKind } from '../../../config/storage-environment';
import { ImageStore } from './image-store';
import { S3ImageStoreOptions } from './s3-image-store-options';

/** Where images for review are kept, and for how long. */
export interface ImageStorageOptions {
  /**
   * `local` (default): the folder `dir` on this machine; `database`: the decision database, shared
   * by every process that uses it; `s3`: an S3-compatible bucket (see `s3`). Ignored when `store` is given.
   */
  readonly backend?: ImageStoreKind;
  /** Folder of the local store. Default `./data/images`. */
  readonly dir?: string;
  /** The bucket and how to reach it, for `backend: 's3'`. */
  readonly s3?: S3ImageStoreOptions;
  /** Another {@link ImageStore} of your own instead of the built-in ones. */
  readonly store?: ImageStore;
  /** Days after an image was last needed by a review before its bytes are purged. Default 30. */
  readonly retentionDays?: number;
  /** How often the server sweeps for expired images, in ms; 0 turns the timer off. Default one hour. */
  readonly purgeIntervalMs?: number;
}

/** Defaults of {@link ImageStorageOptions}. */
export const IMAGE_STORAGE_DEFAULTS = Object.freeze({
  backend: 'local' as ImageStoreKind,
  dir: 'data/images',
  retentionDays: 30,
  purgeIntervalMs: 60 * 60 * 1000,
});

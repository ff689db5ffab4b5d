import { ImageStore } from './image-store';

/** Where images for review are kept, and for how long. */
export interface ImageStorageOptions {
  /** Folder of the default local store. Default `./data/images`. */
  readonly dir?: string;
  /** Another {@link ImageStore} (e.g. S3-compatible object storage) instead of the local folder. */
  readonly store?: ImageStore;
  /** Days after an image was last needed by a review before its bytes are purged. Default 30. */
  readonly retentionDays?: number;
  /** How often the server sweeps for expired images, in ms; 0 turns the timer off. Default one hour. */
  readonly purgeIntervalMs?: number;
}

/** Defaults of {@link ImageStorageOptions}. */
export const IMAGE_STORAGE_DEFAULTS = Object.freeze({
  dir: 'data/images',
  retentionDays: 30,
  purgeIntervalMs: 60 * 60 * 1000,
});

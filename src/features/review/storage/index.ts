/** Content-addressed image storage for review, with retention. */
export { isSha256Hex } from './image-store';
export type { ImageStore } from './image-store';
export { LocalImageStore } from './local-image-store';
export { IMAGE_STORAGE_DEFAULTS } from './image-storage-options';
export type { ImageStorageOptions } from './image-storage-options';
export { ImageRetention, PURGE_BATCH_SIZE } from './image-retention';
export type { ImageRetentionOptions, PurgeReport } from './image-retention';
export { IMAGE_RETENTION, IMAGE_STORAGE_SETTINGS, IMAGE_STORE } from './storage.tokens';

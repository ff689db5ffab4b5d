import { ReviewQueueOptions } from './review-options';
import { ImageStorageOptions } from './storage/image-storage-options';

/** The review feature's part of the module options. */
export interface ReviewFeatureOptions {
  /**
   * Folder where uploads held for review are kept, content-addressed. Superseded by `images.dir`
   * (held uploads and review images share one store); used when `images.dir` is not set.
   */
  readonly heldUploadsDir?: string;
  /** The image store for review (local folder by default) and how long bytes are kept. */
  readonly images?: ImageStorageOptions;
  /** Review queue: sample rates, queue split, serving order, lease length. */
  readonly review?: ReviewQueueOptions;
}

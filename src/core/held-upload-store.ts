import { ImageStore } from '../features/review/storage/image-store';
import { LocalImageStore } from '../features/review/storage/local-image-store';

/**
 * Keeps the bytes of uploads that wait for review. Since the review queue, held uploads and review
 * images share one {@link ImageStore} (`src/storage`); this narrower interface remains for callers
 * written against it.
 */
export interface HeldUploadStore {
  /** Stores the bytes under their hash; storing the same content twice is a no-op. */
  hold(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Whether bytes with this hash are held. */
  has(sha256: string): Promise<boolean>;
}

/** {@link HeldUploadStore} on the local disk: `<dir>/<first two hex>/<sha256>`, a {@link LocalImageStore}. */
export class LocalHeldUploadStore extends LocalImageStore implements HeldUploadStore {
  hold(sha256: string, bytes: Uint8Array): Promise<void> {
    return this.put(sha256, bytes);
  }
}

/** Any image store seen as a held-upload store. */
export function heldUploadStoreOf(images: ImageStore): HeldUploadStore {
  return { hold: (sha256, bytes) => images.put(sha256, bytes), has: (sha256) => images.has(sha256) };
}

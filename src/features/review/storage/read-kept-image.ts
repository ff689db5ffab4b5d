import { StoredImageEntity } from '../../../database/entities/stored-image.entity';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { imageMediaType } from './image-media-type';
import { ImageStore } from './image-store';

/** Image bytes ready to send, with the media type to send them as. */
export interface KeptImage {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

/**
 * The bytes the store keeps for `sha256`, given its ledger row: IMAGE_NOT_STORED when they were
 * never kept (or the store lost them), IMAGE_PURGED after retention removed them. One rule for
 * every route that serves a kept image, so they all answer alike.
 */
export async function readKeptImage(store: ImageStore, sha256: string, ledger: StoredImageEntity | null): Promise<KeptImage> {
  if (!ledger) throw notStored(sha256);
  if (ledger.purgedAt !== null) {
    throw new ModerationError(AppErrorCode.ImagePurged, 'The image was purged after the retention period; the decision and its scores remain.', {
      sha256: ledger.sha256,
      purgedAt: ledger.purgedAt.toISOString(),
    });
  }
  const bytes = await store.get(sha256);
  if (!bytes) throw notStored(sha256);
  return { bytes, mediaType: imageMediaType(ledger.format) };
}

function notStored(sha256: string): AppError {
  return new ModerationError(AppErrorCode.ImageNotStored, 'The image bytes of this decision were not kept.', { sha256 });
}

import { RequestActor } from '../access';
import { ModerationError } from '../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { StoredImageEntity } from '../../database/entities/stored-image.entity';
import { imageMediaType } from './storage/image-media-type';
import { ReviewContext } from './review-context';
import { getReviewItem, holdsLease, leaseNotHeld } from './review-item-rows';

/** An item with its labels and the state of its image's bytes. */
export interface ReviewItemDetails {
  readonly item: ReviewItemEntity;
  readonly labels: readonly ReviewLabelEntity[];
  /** The ledger row of the decision's image; null when its bytes were never kept. */
  readonly image: StoredImageEntity | null;
}

/** The item, its labels and its image's ledger row; ReviewItemNotFound when there is no such item. */
export async function readItemDetails(context: ReviewContext, id: string): Promise<ReviewItemDetails> {
  return context.run('review.item', async () => {
    const manager = context.dataSource.manager;
    const item = await getReviewItem(manager, id);
    const labels = await manager.getRepository(ReviewLabelEntity).find({ where: { reviewItemId: item.id }, order: { categoryId: 'ASC' } });
    const decision = await manager.getRepository(DecisionEntity).findOne({ where: { id: item.decisionId }, select: { id: true, contentSha256: true } });
    const image = decision ? await manager.getRepository(StoredImageEntity).findOne({ where: { sha256: decision.contentSha256 } }) : null;
    return { item, labels, image };
  });
}

/** An item's image, ready to send. */
export interface ItemImage {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

/**
 * The bytes of an item's image, for the reviewer holding a live lease on it (or an admin):
 * ImageNotStored when they were never kept, ImagePurged after the retention period.
 */
export async function readItemImage(context: ReviewContext, id: string, actor: RequestActor): Promise<ItemImage> {
  const { sha256, format } = await context.run('review.image', async () => {
    const manager = context.dataSource.manager;
    const item = await getReviewItem(manager, id);
    if (actor.principal.role !== 'admin' && !holdsLease(item, actor.principal.keyId, context.options.clock())) throw leaseNotHeld(item);
    const decision = await manager.getRepository(DecisionEntity).findOneOrFail({ where: { id: item.decisionId } });
    const ledger = await manager.getRepository(StoredImageEntity).findOne({ where: { sha256: decision.contentSha256 } });
    if (!ledger) throw notStored(decision.contentSha256);
    if (ledger.purgedAt !== null) {
      throw new ModerationError(AppErrorCode.ImagePurged, 'The image was purged after the retention period; the decision and its scores remain.', {
        sha256: ledger.sha256,
        purgedAt: ledger.purgedAt.toISOString(),
      });
    }
    return { sha256: ledger.sha256, format: ledger.format };
  });
  const bytes = await context.images.get(sha256);
  if (!bytes) throw notStored(sha256);
  return { bytes, mediaType: imageMediaType(format) };
}

function notStored(sha256: string): AppError {
  return new ModerationError(AppErrorCode.ImageNotStored, 'The image bytes of this decision were not kept.', { sha256 });
}

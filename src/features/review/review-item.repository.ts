import { EntityManager } from 'typeorm';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { ReviewItemEntity } from '../../database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../database/entities/review-label.entity';
import { StoredImageEntity } from '../../database/entities/stored-image.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { ModerationError } from '../../engine/errors/moderation-error';
import { isDecisionId } from '../../shared/database/cursor';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { leaseNotHeld } from './review-item-rows';

/** An item with its labels and the state of its image's bytes. */
export interface ReviewItemDetails {
  readonly item: ReviewItemEntity;
  readonly labels: readonly ReviewLabelEntity[];
  /** The ledger row of the decision's image; null when its bytes were never kept. */
  readonly image: StoredImageEntity | null;
  /** The decided item this one follows (an appeal's earlier review, an escalation's first look), with its labels. */
  readonly previous: DecidedItem | null;
}

/** A decided item and the labels its reviewer left. */
export interface DecidedItem {
  readonly item: ReviewItemEntity;
  readonly labels: readonly ReviewLabelEntity[];
}

/** An item with the content hash of its decision and the ledger row of that image. */
export interface ReviewItemImage {
  readonly item: ReviewItemEntity;
  readonly sha256: string;
  readonly ledger: StoredImageEntity | null;
}

/**
 * Review items (`moderation_review_items`) as read for the API, and the row-level steps every
 * workflow on an item shares (insert, read, the revision-checked update), which run inside the
 * caller's transaction.
 */
export class ReviewItemRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /** Inserts a new item row. */
  static async insert(manager: EntityManager, row: ReviewItemEntity): Promise<void> {
    await manager.createQueryBuilder().insert().into(ReviewItemEntity).values(row).updateEntity(false).execute();
  }

  /** The item with that id; ReviewItemNotFound when there is none (also for ids that are not UUIDs). */
  static async get(manager: EntityManager, id: string): Promise<ReviewItemEntity> {
    const normalised = id.toLowerCase();
    const row = isDecisionId(normalised) ? await manager.getRepository(ReviewItemEntity).findOne({ where: { id: normalised } }) : null;
    if (!row) throw new ModerationError(AppErrorCode.ReviewItemNotFound, `No review item with id "${id}"`, { id });
    return row;
  }

  /** Updates the row only if nobody changed it since it was read; false when somebody did. */
  static async tryUpdate(manager: EntityManager, row: ReviewItemEntity, changes: Partial<ReviewItemEntity>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ReviewItemEntity)
      .set({ ...changes, revision: () => '"revision" + 1' })
      .where('"id" = :id AND "revision" = :revision', { id: row.id, revision: row.revision })
      .updateEntity(false)
      .execute();
    return result.affected === 1;
  }

  /** {@link tryUpdate}, refusing with ReviewLeaseNotHeld when the row changed meanwhile. */
  static async update(manager: EntityManager, row: ReviewItemEntity, changes: Partial<ReviewItemEntity>): Promise<void> {
    if (!(await ReviewItemRepository.tryUpdate(manager, row, changes))) throw leaseNotHeld(row);
  }

  /** The item, its labels and its image's ledger row; ReviewItemNotFound when there is no such item. */
  details(id: string): Promise<ReviewItemDetails> {
    return this.database.run('review.item', async () => {
      const manager = this.database.dataSource.manager;
      const item = await ReviewItemRepository.get(manager, id);
      const labelsOf = (reviewItemId: string) => manager.getRepository(ReviewLabelEntity).find({ where: { reviewItemId }, order: { categoryId: 'ASC' } });
      const labels = await labelsOf(item.id);
      const decision = await manager.getRepository(DecisionEntity).findOne({ where: { id: item.decisionId }, select: { id: true, contentSha256: true } });
      const image = decision ? await manager.getRepository(StoredImageEntity).findOne({ where: { sha256: decision.contentSha256 } }) : null;
      const parent = item.parentItemId ? await manager.getRepository(ReviewItemEntity).findOne({ where: { id: item.parentItemId } }) : null;
      const previous = parent && parent.status === 'decided' ? { item: parent, labels: await labelsOf(parent.id) } : null;
      return { item, labels, image, previous };
    });
  }

  /** The item with its decision's content hash and the ledger row of that image. */
  image(id: string): Promise<ReviewItemImage> {
    return this.database.run('review.image', async () => {
      const manager = this.database.dataSource.manager;
      const item = await ReviewItemRepository.get(manager, id);
      const decision = await manager.getRepository(DecisionEntity).findOneOrFail({ where: { id: item.decisionId }, select: { id: true, contentSha256: true } });
      const ledger = await manager.getRepository(StoredImageEntity).findOne({ where: { sha256: decision.contentSha256 } });
      return { item, sha256: decision.contentSha256, ledger };
    });
  }
}

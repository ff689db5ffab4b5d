import { EntityManager } from 'typeorm';
import { AuditEventInput, AuditRepository } from '../../access';
import { StoredImageEntity } from '../../../database/entities/stored-image.entity';
import { ModerationDatabase } from '../../../database/moderation-database';
import { toUtcText } from '../../../shared/database/utc-text';

/** What the ledger needs to know about bytes being kept. */
export interface ImageFacts {
  readonly sha256: string;
  readonly format: string;
  readonly byteLength: number;
}

/*
 * An image is expired when its last use (a review item opened or closed) is older than the
 * retention period and no review item of a decision with that content is still open.
 */
const STILL_EXPIRED = `"purged_at" IS NULL AND "last_used_at" < :cutoff AND NOT EXISTS (
  SELECT 1 FROM "moderation_review_items" "r" INNER JOIN "moderation_decisions" "d" ON "d"."id" = "r"."decision_id"
  WHERE "d"."content_sha256" = "moderation_images"."sha256" AND "r"."status" IN ('pending', 'claimed'))`;

/**
 * The ledger of kept image bytes (`moderation_images`): which images the store holds for review,
 * when each was last needed, and which were purged. The bytes themselves live in the ImageStore.
 */
export class StoredImageRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Records that a review needs these bytes now: inserts the ledger row, or marks an existing one as
   * used now and no longer purged. Call it before writing the bytes, inside the transaction that
   * needs them: on PostgreSQL the row lock then orders it with a purge of the same image, so the
   * bytes are written after (never deleted after) they were written for this review.
   */
  static async markNeeded(manager: EntityManager, image: ImageFacts, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(StoredImageEntity)
      .values({ sha256: image.sha256, format: image.format, byteLength: image.byteLength, storedAt: now, lastUsedAt: now, purgedAt: null })
      .orUpdate(['last_used_at', 'purged_at'], ['sha256'])
      .updateEntity(false)
      .execute();
  }

  /** Restarts the retention clock of an image still in the store (a review of it just closed). */
  static async touch(manager: EntityManager, sha256: string, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(StoredImageEntity)
      .set({ lastUsedAt: now })
      .where('"sha256" = :sha256 AND "purged_at" IS NULL AND "last_used_at" < :now', { sha256, now: toUtcText(now) })
      .updateEntity(false)
      .execute();
  }

  /** The ledger row of an image, or null when its bytes were never kept. */
  find(sha256: string): Promise<StoredImageEntity | null> {
    return this.database.run('images.find', () => this.database.dataSource.getRepository(StoredImageEntity).findOne({ where: { sha256 } }));
  }

  /** Hashes of images expired at `cutoff` (UTC text), least recently needed first. */
  async expired(cutoff: string, limit: number): Promise<string[]> {
    const rows = await this.database.run('images.expired', () =>
      this.database.dataSource
        .getRepository(StoredImageEntity)
        .createQueryBuilder('moderation_images')
        .select('moderation_images.sha256', 'sha256')
        .where(STILL_EXPIRED, { cutoff })
        .orderBy('moderation_images.lastUsedAt', 'ASC')
        .limit(limit)
        .getRawMany<{ sha256: string }>(),
    );
    return rows.map((row) => row.sha256);
  }

  /**
   * Marks one image purged and deletes its bytes, in one transaction that re-checks it is still
   * expired (under the row lock on PostgreSQL, the write lock on SQLite), so an image a new review
   * needed a moment ago is never deleted; a failed delete rolls the mark back. False when the
   * image is no longer expired.
   */
  purge(sha256: string, cutoff: string, now: Date, deleteBytes: (sha256: string, manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.database.transaction('images.purge', async (manager) => {
      const marked = await manager
        .createQueryBuilder()
        .update(StoredImageEntity)
        .set({ purgedAt: now })
        .where(`"sha256" = :sha256 AND ${STILL_EXPIRED}`, { sha256, cutoff })
        .updateEntity(false)
        .execute();
      if (marked.affected !== 1) return false;
      await deleteBytes(sha256, manager);
      return true;
    });
  }

  /** Records a sweep in the audit trail. */
  recordSweep(event: AuditEventInput): Promise<void> {
    return this.database.transaction('images.audit', (manager) => AuditRepository.append(manager, event));
  }
}

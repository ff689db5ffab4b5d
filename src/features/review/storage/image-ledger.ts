import { EntityManager } from 'typeorm';
import { StoredImageEntity } from '../../../database/entities/stored-image.entity';
import { toUtcText } from '../../../shared/database/utc-text';

/** What the ledger needs to know about bytes being kept. */
export interface ImageFacts {
  readonly sha256: string;
  readonly format: string;
  readonly byteLength: number;
}

/**
 * Records that a review needs these bytes now: inserts the ledger row, or marks an existing one as
 * used now and no longer purged. Call it before writing the bytes, inside the transaction that
 * needs them: on PostgreSQL the row lock then orders it with a purge of the same image, so the
 * bytes are written after (never deleted after) they were written for this review.
 */
export async function markImageNeeded(manager: EntityManager, image: ImageFacts, now: Date): Promise<void> {
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
export async function touchImage(manager: EntityManager, sha256: string, now: Date): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(StoredImageEntity)
    .set({ lastUsedAt: now })
    .where('"sha256" = :sha256 AND "purged_at" IS NULL AND "last_used_at" < :now', { sha256, now: toUtcText(now) })
    .updateEntity(false)
    .execute();
}

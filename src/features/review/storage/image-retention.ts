import { DataSource, EntityManager } from 'typeorm';
import { appendAuditEvent } from '../../access';
import { SYSTEM_ACTOR } from '../../access';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { DatabaseRunner, createDatabaseRunner } from '../../../shared/database/database-runner';
import { StoredImageEntity } from '../../../database/entities/stored-image.entity';
import { toUtcText } from '../../../shared/database/utc-text';
import { ImageStore } from './image-store';

const MS_PER_DAY = 86_400_000;

/** Most images purged per sweep; the next sweep continues. */
export const PURGE_BATCH_SIZE = 500;

/** Hashes listed in a sweep's audit event (the count is always exact). */
const AUDITED_HASHES = 100;

/** How long images are kept. */
export interface ImageRetentionOptions {
  /** Days after an image was last needed by a review; at least 1. */
  readonly retentionDays: number;
  /** The current time (tests pass a fake clock). */
  readonly clock?: () => Date;
}

/** What one sweep did. */
export interface PurgeReport {
  /** Images last needed before this time were candidates. */
  readonly cutoff: string;
  /** Hashes whose bytes were deleted. */
  readonly purged: readonly string[];
}

/*
 * An image is purged when its last use (a review item opened or closed) is older than the
 * retention period and no review item of a decision with that content is still open. The bytes go;
 * the ledger row stays with `purged_at`, and decisions keep hash, scores and outcome.
 */
const STILL_EXPIRED = `"purged_at" IS NULL AND "last_used_at" < :cutoff AND NOT EXISTS (
  SELECT 1 FROM "moderation_review_items" "r" INNER JOIN "moderation_decisions" "d" ON "d"."id" = "r"."decision_id"
  WHERE "d"."content_sha256" = "moderation_images"."sha256" AND "r"."status" IN ('pending', 'claimed'))`;

/**
 * Purges image bytes after the retention period (`MODERATION_IMAGE_RETENTION_DAYS`). Each image is
 * marked and deleted in one transaction that re-checks it is still expired, so an image a new
 * review needed a moment ago is never deleted; a failed delete rolls the mark back and the next
 * sweep tries again.
 */
export class ImageRetention {
  private readonly run: DatabaseRunner;
  private readonly clock: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly images: ImageStore,
    private readonly options: ImageRetentionOptions,
  ) {
    if (!(Number.isInteger(options.retentionDays) && options.retentionDays >= 1)) {
      throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Image retention must be a whole number of days, at least 1', {
        problems: [{ key: 'retentionDays', reason: 'must be an integer >= 1' }],
      });
    }
    this.run = createDatabaseRunner(dataSource);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Purges the images expired at the clock's now (at most {@link PURGE_BATCH_SIZE}). */
  async purgeExpired(): Promise<PurgeReport> {
    const now = this.clock();
    const cutoff = toUtcText(new Date(now.getTime() - this.options.retentionDays * MS_PER_DAY));
    const candidates = await this.run('images.expired', () =>
      this.dataSource
        .getRepository(StoredImageEntity)
        .createQueryBuilder('moderation_images')
        .select('moderation_images.sha256', 'sha256')
        .where(STILL_EXPIRED, { cutoff })
        .orderBy('moderation_images.lastUsedAt', 'ASC')
        .limit(PURGE_BATCH_SIZE)
        .getRawMany<{ sha256: string }>(),
    );
    const purged: string[] = [];
    for (const { sha256 } of candidates) {
      if (await this.purgeOne(sha256, cutoff, now)) purged.push(sha256);
    }
    if (purged.length > 0) {
      await this.run('images.audit', () =>
        this.dataSource.transaction((manager) =>
          appendAuditEvent(manager, {
            actor: SYSTEM_ACTOR,
            action: 'image.purge',
            subjectType: 'image',
            subjectId: 'retention',
            before: null,
            after: { count: purged.length, cutoff, retentionDays: this.options.retentionDays, sha256: purged.slice(0, AUDITED_HASHES) },
            at: now,
          }),
        ),
      );
    }
    return { cutoff, purged };
  }

  private purgeOne(sha256: string, cutoff: string, now: Date): Promise<boolean> {
    return this.run('images.purge', () =>
      this.dataSource.transaction(async (manager: EntityManager) => {
        // The conditional mark first: it re-checks expiry under the row lock (PostgreSQL) or the
        // write lock (SQLite), so a review that just needed the image wins.
        const marked = await manager
          .createQueryBuilder()
          .update(StoredImageEntity)
          .set({ purgedAt: now })
          .where(`"sha256" = :sha256 AND ${STILL_EXPIRED}`, { sha256, cutoff })
          .updateEntity(false)
          .execute();
        if (marked.affected !== 1) return false;
        await this.images.delete(sha256);
        return true;
      }),
    );
  }
}

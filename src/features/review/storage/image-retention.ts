import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../access';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { toUtcText } from '../../../shared/database/utc-text';
import { ImageStore } from './image-store';
import { StoredImageRepository } from './stored-image.repository';

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

/**
 * Purges image bytes after the retention period (`MODERATION_IMAGE_RETENTION_DAYS`). Each image is
 * marked and deleted in one transaction that re-checks it is still expired, so an image a new
 * review needed a moment ago is never deleted; a failed delete rolls the mark back and the next
 * sweep tries again. The bytes go; the ledger row stays with `purged_at`, and decisions keep
 * hash, scores and outcome.
 */
export class ImageRetention {
  private readonly clock: () => Date;

  constructor(
    private readonly ledger: StoredImageRepository,
    private readonly images: ImageStore,
    private readonly options: ImageRetentionOptions,
  ) {
    if (!(Number.isInteger(options.retentionDays) && options.retentionDays >= 1)) {
      throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Image retention must be a whole number of days, at least 1', {
        problems: [{ key: 'retentionDays', reason: 'must be an integer >= 1' }],
      });
    }
    this.clock = options.clock ?? (() => new Date());
  }

  /** Purges the images expired at the clock's now (at most {@link PURGE_BATCH_SIZE}). */
  async purgeExpired(): Promise<PurgeReport> {
    const now = this.clock();
    const cutoff = toUtcText(new Date(now.getTime() - this.options.retentionDays * MS_PER_DAY));
    const candidates = await this.ledger.expired(cutoff, PURGE_BATCH_SIZE);
    const purged: string[] = [];
    for (const sha256 of candidates) {
      if (await this.ledger.purge(sha256, cutoff, now, (hash, manager) => this.deleteBytes(hash, manager))) purged.push(sha256);
    }
    if (purged.length > 0) {
      await this.ledger.recordSweep({
        actor: SYSTEM_ACTOR,
        action: 'image.purge',
        subjectType: 'image',
        subjectId: 'retention',
        before: null,
        after: { count: purged.length, cutoff, retentionDays: this.options.retentionDays, sha256: purged.slice(0, AUDITED_HASHES) },
        at: now,
      });
    }
    return { cutoff, purged };
  }

  /** A store in the decision database deletes inside the purge's transaction, so mark and delete commit together. */
  private deleteBytes(sha256: string, manager: EntityManager): Promise<void> {
    return this.images.withinTransaction ? this.images.withinTransaction.delete(manager, sha256) : this.images.delete(sha256);
  }
}

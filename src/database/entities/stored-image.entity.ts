import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * Bytes kept in the image store, by content hash. The row outlives the bytes: after the retention
 * period they are purged and `purged_at` says when, while decisions keep the hash and scores.
 */
@Entity({ name: 'moderation_images' })
// The retention sweep looks for old, unpurged images.
@Index('idx_moderation_images_last_used_at', ['lastUsedAt'])
export class StoredImageEntity {
  /** Lowercase hex sha256 of the bytes: the store's key. */
  @PrimaryColumn({ name: 'sha256', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_images' })
  sha256!: string;

  @Column({ name: 'format', type: 'varchar', length: 16 })
  format!: string;

  @Column({ name: 'byte_length', type: 'integer' })
  byteLength!: number;

  @Column({ name: 'stored_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  storedAt!: Date;

  /** Last time a review needed the bytes (opened or closed an item); retention counts from here. */
  @Column({ name: 'last_used_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  lastUsedAt!: Date;

  @Column({ name: 'purged_at', type: 'varchar', length: UTC_TEXT_LENGTH, nullable: true, transformer: UTC_TEXT_TRANSFORMER })
  purgedAt!: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/** An admin's settings for one review queue; queues without a row use the configured defaults. */
@Entity({ name: 'moderation_review_queues' })
export class ReviewQueueEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 160, primaryKeyConstraintName: 'pk_moderation_review_queues' })
  name!: string;

  /** `priority` (highest first, age counting) or `oldest` (first in, first out). */
  @Column({ name: 'serve_order', type: 'varchar', length: 16 })
  serveOrder!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  updatedAt!: Date;

  /** The admin key that changed it; null when changed from the command line. */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

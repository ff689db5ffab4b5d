import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';
import { DecisionEntity } from './decision.entity';
import { ReviewItemEntity } from './review-item.entity';

/**
 * A person's label for one category of one decision: the ground truth policy tuning learns from.
 * One row per (review, category), never updated; a later review adds rows of its own.
 */
@Entity({ name: 'moderation_review_labels' })
@Index('idx_moderation_review_labels_decision_id', ['decisionId'])
// Tuning reads "every label of category X".
@Index('idx_moderation_review_labels_category_label', ['categoryId', 'label'])
export class ReviewLabelEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_review_labels' })
  id!: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @ManyToOne(() => DecisionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'decision_id', foreignKeyConstraintName: 'fk_moderation_review_labels_decision' })
  decision?: DecisionEntity;

  @Column({ name: 'review_item_id', type: 'uuid' })
  reviewItemId!: string;

  @ManyToOne(() => ReviewItemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'review_item_id', foreignKeyConstraintName: 'fk_moderation_review_labels_item' })
  reviewItem?: ReviewItemEntity;

  @Column({ name: 'category_id', type: 'varchar', length: 64 })
  categoryId!: string;

  /** `violating`, `not_violating` or `unsure`. */
  @Column({ name: 'label', type: 'varchar', length: 16 })
  label!: string;

  /** The reviewer's API key id. */
  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;
}

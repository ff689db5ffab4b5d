import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * A stored evaluation of a policy version on reviewer-labelled decisions: the whole report as
 * JSON, so the HTML report can be rendered again whenever someone opens it, and the summary
 * columns the listing filters and sorts on.
 */
@Entity({ name: 'moderation_evaluations' })
// "The latest evaluation of policy X", for the review console's link.
@Index('idx_moderation_evaluations_policy_created_at', ['policyId', 'createdAt'])
export class EvaluationEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_evaluations' })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;

  /** The admin key that ran it; null from the command line. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'policy_id', type: 'varchar', length: 64 })
  policyId!: string;

  @Column({ name: 'policy_version', type: 'varchar', length: 64 })
  policyVersion!: string;

  @Column({ name: 'model_hash', type: 'varchar', length: 128 })
  modelHash!: string;

  /** Decisions decided at or after this time were evaluated; null for no lower bound. */
  @Column({ name: 'window_since', type: 'varchar', length: UTC_TEXT_LENGTH, nullable: true, transformer: UTC_TEXT_TRANSFORMER })
  since!: Date | null;

  /** Decisions decided before this time were evaluated; null for no upper bound. */
  @Column({ name: 'window_until', type: 'varchar', length: UTC_TEXT_LENGTH, nullable: true, transformer: UTC_TEXT_TRANSFORMER })
  until!: Date | null;

  /** Labelled decisions evaluated. */
  @Column({ name: 'examples', type: 'integer' })
  examples!: number;

  /** The EvaluationReport as JSON text. */
  @Column({ name: 'report', type: 'text' })
  report!: string;
}

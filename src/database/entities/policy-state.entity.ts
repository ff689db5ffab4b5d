import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * Which version of a policy is enforced and which (if any) runs in shadow beside it. One row per
 * policy id, changed only by promotion, by starting or stopping a shadow, and by a policy file
 * whose content the database has never seen before (see reconcilePolicyFiles). Every process
 * reads it at start and refreshes it periodically, so a promotion outlives restarts and reaches
 * every server and worker.
 */
@Entity({ name: 'moderation_policy_states' })
export class PolicyStateEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_policy_states' })
  policyId!: string;

  /** The enforced version; its snapshot is in moderation_policy_versions. */
  @Column({ name: 'active_version', type: 'varchar', length: 64 })
  activeVersion!: string;

  /** The candidate scored and logged in shadow mode beside the active version; null when none. */
  @Column({ name: 'shadow_version', type: 'varchar', length: 64, nullable: true })
  shadowVersion!: string | null;

  /** Bumped by every change; updates compare it, so two admins acting at once cannot both win. */
  @Column({ name: 'revision', type: 'integer' })
  revision!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  updatedAt!: Date;

  /** The admin key behind the last change; null for the system (a changed policy file). */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

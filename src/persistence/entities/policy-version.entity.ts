import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Policy } from '../../engine/policy/policy.types';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../utc-text';

/**
 * The full policy behind a (policy id, version) pair, stored the first time a decision uses it,
 * so any past decision can be explained with the exact prompts and thresholds it was made with.
 */
@Entity({ name: 'moderation_policy_versions' })
export class PolicyVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_policy_versions' })
  policyId!: string;

  @PrimaryColumn({ name: 'version', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_policy_versions' })
  version!: string;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  /** The Policy object as JSON. */
  @Column({ name: 'snapshot', type: 'simple-json' })
  snapshot!: Policy;

  /** The file the policy was first loaded from, when it came from a file. */
  @Column({ name: 'source_file', type: 'text', nullable: true })
  sourceFile!: string | null;

  /** When the first decision under this version was made; ISO-8601 UTC text like `created_at`. */
  @Column({ name: 'first_used_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  firstUsedAt!: Date;
}

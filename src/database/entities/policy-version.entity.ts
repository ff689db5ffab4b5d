import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Policy } from '../../engine/policy/policy.types';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

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

  /**
   * When the version was first recorded: by the first decision made under it or, since policy
   * versions are tracked, when it was first loaded from a file or submitted as a candidate.
   * ISO-8601 UTC text like `created_at`.
   */
  @Column({ name: 'first_used_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  firstUsedAt!: Date;

  /**
   * How the version first reached the database: `file` (a policy file), `candidate-file` (a file
   * in the candidates folder), `api` (submitted by an admin); null for versions recorded by a
   * decision before versions were tracked.
   */
  @Column({ name: 'origin', type: 'varchar', length: 16, nullable: true })
  origin!: string | null;

  /**
   * When a process first loaded this version from the policy's own file; null when it never was.
   * A file version seen for the first time becomes the active one (an operator changed the file);
   * one seen before does not, so a process still running an older file cannot undo a promotion.
   */
  @Column({ name: 'file_seen_at', type: 'varchar', length: UTC_TEXT_LENGTH, nullable: true, transformer: UTC_TEXT_TRANSFORMER })
  fileSeenAt!: Date | null;
}

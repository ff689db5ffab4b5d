import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * A named bank of PDQ hashes of known content (its entries are in moderation_hash_bank_entries),
 * with what a match against it means: the distance that counts as a match, the action, the
 * quality below which a hash is too featureless to match anything, and whether rotated and
 * mirrored copies match too.
 */
@Entity({ name: 'moderation_hash_banks' })
@Index('uq_moderation_hash_banks_name', ['name'], { unique: true })
export class HashBankEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_hash_banks' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  /** Largest Hamming distance (of 256 bits) that still matches, 0 to 63. */
  @Column({ name: 'distance_threshold', type: 'integer' })
  distanceThreshold!: number;

  /** `block`, `review` or `report` (recorded only). */
  @Column({ name: 'action', type: 'varchar', length: 16 })
  action!: string;

  /** Hashes of images below this PDQ quality (0-100) never match. */
  @Column({ name: 'min_quality', type: 'integer' })
  minQuality!: number;

  /** Whether the seven rotations and mirror images of an upload are matched too. */
  @Column({ name: 'dihedral', type: 'boolean' })
  dihedral!: boolean;

  @Column({ name: 'enabled', type: 'boolean' })
  enabled!: boolean;

  /** Entries in the bank, kept by the same transactions that add and remove them. */
  @Column({ name: 'entry_count', type: 'integer' })
  entryCount!: number;

  /**
   * Bumped by every change to the bank or its entries, in the same transaction: every process
   * polls the revisions and reloads a bank whose revision moved.
   */
  @Column({ name: 'revision', type: 'integer' })
  revision!: number;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;

  /** The admin key that created it; null from the command line. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

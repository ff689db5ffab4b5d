import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * A named bank of CLIP image embeddings of known content (its entries are in
 * moderation_embedding_bank_entries), with what a match against it means: the least cosine
 * similarity that counts as a match, and the action. Names share one namespace with the hash
 * banks, since a policy's `banks:` list names either kind.
 */
@Entity({ name: 'moderation_embedding_banks' })
@Index('uq_moderation_embedding_banks_name', ['name'], { unique: true })
export class EmbeddingBankEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_embedding_banks' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  /** Least cosine similarity between an upload's embedding and an entry's that matches (0.5 to 1). */
  @Column({ name: 'min_similarity', type: 'double precision' })
  minSimilarity!: number;

  /** `block`, `review` or `report` (recorded only). */
  @Column({ name: 'action', type: 'varchar', length: 16 })
  action!: string;

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

  /** The admin key that created it. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

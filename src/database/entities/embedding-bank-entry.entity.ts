import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';
import { EmbeddingBankEntity } from './embedding-bank.entity';

/**
 * One picture in an embedding bank: the unit CLIP embedding of a decision a reviewer removed.
 * The embedding is a copy, so the entry outlives the decision's retention; the model hash says
 * which model made it, since embeddings of different models cannot be compared. The id is a
 * sequence number, as the in-memory index keys vectors by number.
 */
@Entity({ name: 'moderation_embedding_bank_entries' })
// A decision enters a bank once, however many times it is removed.
@Index('uq_moderation_embedding_bank_entries_bank_decision', ['bankId', 'decisionId'], { unique: true })
// Loading and paging a bank walk its entries in id order.
@Index('idx_moderation_embedding_bank_entries_bank_id_id', ['bankId', 'id'])
export class EmbeddingBankEntryEntity {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_moderation_embedding_bank_entries' })
  id!: number;

  @Column({ name: 'bank_id', type: 'uuid' })
  bankId!: string;

  @ManyToOne(() => EmbeddingBankEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'bank_id', foreignKeyConstraintName: 'fk_moderation_embedding_bank_entries_bank' })
  bank?: EmbeddingBankEntity;

  /** The decision whose picture this is (no foreign key: decisions may be deleted, the entry stays). */
  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  /** The content hash of the model that computed the embedding. */
  @Column({ name: 'model_hash', type: 'varchar', length: 128 })
  modelHash!: string;

  /** Unit image embedding, base64 of little-endian float32, as decisions store theirs. */
  @Column({ name: 'embedding', type: 'text' })
  embedding!: string;

  @Column({ name: 'label', type: 'varchar', length: 255, nullable: true })
  label!: string | null;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;

  /** How it got here: `review` (a remove verdict). */
  @Column({ name: 'source', type: 'varchar', length: 16 })
  source!: string;

  /** The reviewer's or admin's key; null with auth off. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';
import { HashBankEntity } from './hash-bank.entity';

/**
 * One PDQ hash in a bank. The id is a database sequence number rather than a UUID: the in-memory
 * index of a bank keys its hashes by number, and a million of them fit in a typed array.
 */
@Entity({ name: 'moderation_hash_bank_entries' })
// One row per hash in a bank; also serves lookups and prefix searches by hash within a bank.
@Index('uq_moderation_hash_bank_entries_bank_hash', ['bankId', 'hash'], { unique: true })
// Loading, exporting and paging a bank walk its entries in id order.
@Index('idx_moderation_hash_bank_entries_bank_id_id', ['bankId', 'id'])
export class HashBankEntryEntity {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_moderation_hash_bank_entries' })
  id!: number;

  @Column({ name: 'bank_id', type: 'uuid' })
  bankId!: string;

  @ManyToOne(() => HashBankEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'bank_id', foreignKeyConstraintName: 'fk_moderation_hash_bank_entries_bank' })
  bank?: HashBankEntity;

  /** 64 lower-case hex digits. */
  @Column({ name: 'hash', type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'label', type: 'varchar', length: 255, nullable: true })
  label!: string | null;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;

  /** How it got here: `api`, `image`, `import`, `cli` or `review`. */
  @Column({ name: 'source', type: 'varchar', length: 16 })
  source!: string;

  /** The admin key that added it; null from the command line. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;
}

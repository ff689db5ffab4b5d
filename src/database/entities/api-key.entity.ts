import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * An API key: only the sha256 of the secret is kept (the secret is shown once, on creation).
 * Keys are revoked, never deleted, so audit events and decisions keep naming a real key.
 */
@Entity({ name: 'moderation_api_keys' })
// Every authenticated request looks its key up by hash.
@Index('uq_moderation_api_keys_key_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_api_keys' })
  id!: string;

  /** A person's or a service's name, for audit trails. */
  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  /** `submitter`, `reviewer` or `admin`. */
  @Column({ name: 'role', type: 'varchar', length: 16 })
  role!: string;

  /** Lowercase hex sha256 of the secret. */
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  /** The first characters of the secret, so people can tell their keys apart. */
  @Column({ name: 'key_prefix', type: 'varchar', length: 16 })
  keyPrefix!: string;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;

  /** The admin key that created it; null when created from the command line. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: UTC_TEXT_LENGTH, nullable: true, transformer: UTC_TEXT_TRANSFORMER })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UTC_TEXT_LENGTH, UTC_TEXT_TRANSFORMER } from '../../shared/database/utc-text';

/**
 * One step someone (or the system) took: append-only. The migration adds database triggers that
 * refuse UPDATE and DELETE on this table, so not even a bug in this code can rewrite history.
 */
@Entity({ name: 'moderation_audit_events' })
@Index('idx_moderation_audit_events_created_at_id', ['createdAt', 'id'])
@Index('idx_moderation_audit_events_subject', ['subjectType', 'subjectId'])
export class AuditEventEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_audit_events' })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: UTC_TEXT_LENGTH, transformer: UTC_TEXT_TRANSFORMER })
  createdAt!: Date;

  /** The acting API key; null for the system (sampling, retention) and the command line. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The key's name (or `system`, `cli`) at the time, so the event reads on its own. */
  @Column({ name: 'actor_name', type: 'varchar', length: 255 })
  actorName!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole!: string | null;

  /** What happened, e.g. `review.claim`, `review.verdict`, `key.revoke`. */
  @Column({ name: 'action', type: 'varchar', length: 64 })
  action!: string;

  /** What it happened to: `review_item`, `decision`, `api_key`, `review_queue`, `image`. */
  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 160 })
  subjectId!: string;

  /** The subject's relevant state before the step, as JSON text; null when it did not exist. */
  @Column({ name: 'before_state', type: 'text', nullable: true })
  before!: string | null;

  /** The subject's relevant state after the step, as JSON text. */
  @Column({ name: 'after_state', type: 'text', nullable: true })
  after!: string | null;

  /** The HTTP request's id, to match the event with logs. */
  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;
}

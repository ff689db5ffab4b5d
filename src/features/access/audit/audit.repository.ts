import { ModerationDatabase } from '../../../database/moderation-database';
import { EntityManager } from 'typeorm';
import { Role } from '../auth/role';
import { decodeDecisionCursor, encodeDecisionCursor } from '../../../shared/database/cursor';
import { AuditEventEntity } from '../../../database/entities/audit-event.entity';
import { toUtcText } from '../../../shared/database/utc-text';
import { AuditEvent, AuditEventInput } from './audit-event';
import { timeOrderedUuid } from '../../../shared/database/time-ordered-id';

/** Largest page of {@link AuditRepository.list}. */
export const MAX_AUDIT_PAGE_SIZE = 500;

/** Narrows {@link AuditRepository.list}; every field given must match. */
export interface AuditFilter {
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  /** The acting key's id. */
  readonly actorId?: string;
}

/** One page of audit events, newest first. */
export interface AuditPage {
  readonly items: AuditEvent[];
  readonly nextCursor: string | null;
}

/**
 * The audit trail: each event is appended inside the transaction of the step it records, and read
 * back newest first. There is deliberately no method to change or delete an event; the database
 * refuses it too (triggers added by the migration).
 */
export class AuditRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Writes an event inside the caller's transaction, so the step and its record commit together (a
   * claim that rolls back leaves no event; an event never describes a step that did not happen).
   */
  static async append(manager: EntityManager, input: AuditEventInput): Promise<void> {
    const row: AuditEventEntity = {
      id: timeOrderedUuid(),
      createdAt: input.at,
      actorId: input.actor.id,
      actorName: input.actor.name.slice(0, 255),
      actorRole: input.actor.role,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      before: input.before === null ? null : JSON.stringify(input.before),
      after: input.after === null ? null : JSON.stringify(input.after),
      requestId: input.requestId ?? null,
    };
    await manager.createQueryBuilder().insert().into(AuditEventEntity).values(row).updateEntity(false).execute();
  }

  /** Events matching `filter`, newest first; `limit` is clamped to 1..{@link MAX_AUDIT_PAGE_SIZE}. */
  async list(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<AuditPage> {
    const limit = Math.min(MAX_AUDIT_PAGE_SIZE, Math.max(1, Math.trunc(page.limit)));
    const cursor = page.cursor === undefined ? undefined : decodeDecisionCursor(page.cursor);
    return this.database.run('audit.list', async () => {
      const query = this.database.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
      if (filter.action !== undefined) query.andWhere('e.action = :action', { action: filter.action });
      if (filter.subjectType !== undefined) query.andWhere('e.subjectType = :subjectType', { subjectType: filter.subjectType });
      if (filter.subjectId !== undefined) query.andWhere('e.subjectId = :subjectId', { subjectId: filter.subjectId });
      if (filter.actorId !== undefined) query.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
      if (cursor !== undefined) {
        query.andWhere('(e.createdAt, e.id) < (:cursorAt, :cursorId)', { cursorAt: toUtcText(cursor.createdAt), cursorId: cursor.id });
      }
      const rows = await query.orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1).getMany();
      const pageRows = rows.slice(0, limit);
      const last = pageRows[pageRows.length - 1];
      const nextCursor = rows.length > limit && last ? encodeDecisionCursor({ createdAt: last.createdAt, id: last.id }) : null;
      return { items: pageRows.map(toAuditEvent), nextCursor };
    });
  }
}

function parseState(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

function toAuditEvent(row: AuditEventEntity): AuditEvent {
  return {
    id: row.id,
    at: row.createdAt.toISOString(),
    actor: { id: row.actorId, name: row.actorName, role: row.actorRole as Role | null },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    before: parseState(row.before),
    after: parseState(row.after),
    requestId: row.requestId,
  };
}

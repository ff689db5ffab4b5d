/** The append-only audit trail. */
export { CLI_ACTOR, SYSTEM_ACTOR } from './audit-event';
export type { AuditAction, AuditActor, AuditEvent, AuditEventInput, AuditSubjectType } from './audit-event';
export { AuditLog, MAX_AUDIT_PAGE_SIZE, appendAuditEvent } from './audit-log';
export type { AuditFilter, AuditPage } from './audit-log';
export { AuditModule } from './audit.module';
export { AUDIT_LOG } from './audit.tokens';

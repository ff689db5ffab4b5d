/** Injection token of the {@link AuditLog}. */
export const AUDIT_LOG = Symbol('AUDIT_LOG');

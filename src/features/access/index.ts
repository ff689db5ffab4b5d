/** API keys, roles and the global guard. */
export { ApiKeyGuard } from './auth/api-key.guard';
export { ApiKeyRepository, MAX_KEY_NAME_LENGTH } from './auth/api-key.repository';
export type { ApiKeyView, CreateApiKeyInput, CreatedApiKey } from './auth/api-key.repository';
export { API_KEY_PREFIX, generateApiKeySecret, hashApiKeySecret, readPresentedKey } from './auth/api-key-secret';
export type { NewApiKeySecret, PresentedKey } from './auth/api-key-secret';
export type { AuthOptions } from './auth/auth-options';
export { AuthModule } from './auth/auth.module';
export { CurrentActor } from './auth/current-actor.decorator';
export { AUTH_DISABLED_PRINCIPAL, auditActorOf, submittingKeyOf } from './auth/principal';
export type { AuthenticatedRequest, Principal, RequestActor } from './auth/principal';
export { ROLES } from './auth/role';
export type { Role } from './auth/role';
export { roleAllows } from './auth/role-allows';
/** Per-key rate limits per route group. */
export { RATE_LIMIT_GROUPS } from './rate-limit/rate-limit-options';
export type { RateLimitGroup, RateLimitOptions, RateLimitRedisOptions, RateLimitRule, RateLimitWindow } from './rate-limit/rate-limit-options';
export { RATE_LIMIT_GROUP_EXTENSION, RateLimited } from './rate-limit/rate-limited.decorator';
export { API_KEY_HEADER_SCHEME, API_KEY_SCHEME, PUBLIC_KEY, Public, ROLES_EXTENSION, ROLES_KEY, Roles } from './auth/roles.decorator';
/** The append-only audit trail. */
export { CLI_ACTOR, SYSTEM_ACTOR } from './audit/audit-event';
export type { AuditAction, AuditActor, AuditEvent, AuditEventInput, AuditSubjectType } from './audit/audit-event';
export { AuditRepository, MAX_AUDIT_PAGE_SIZE } from './audit/audit.repository';
export type { AuditFilter, AuditPage } from './audit/audit.repository';
export { AuditModule } from './audit/audit.module';
export type { AccessFeatureOptions } from './access-feature-options';

/** API keys, roles and the global guard. */
export { ApiKeyGuard } from './api-key.guard';
export { ApiKeyStore, MAX_KEY_NAME_LENGTH } from './api-key-store';
export type { ApiKeyView, CreateApiKeyInput, CreatedApiKey } from './api-key-store';
export { API_KEY_PREFIX, generateApiKeySecret, hashApiKeySecret, readPresentedKey } from './api-key-secret';
export type { NewApiKeySecret, PresentedKey } from './api-key-secret';
export type { AuthOptions } from './auth-options';
export { AuthModule } from './auth.module';
export { API_KEY_STORE } from './auth.tokens';
export { CurrentActor } from './current-actor.decorator';
export { AUTH_DISABLED_PRINCIPAL } from './principal';
export type { AuthenticatedRequest, Principal, RequestActor } from './principal';
export { ROLES } from './role';
export type { Role } from './role';
export { roleAllows } from './role-allows';
export { PUBLIC_KEY, Public, ROLES_KEY, Roles } from './roles.decorator';

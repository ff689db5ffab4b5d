import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { Role } from './role';

/** Metadata key of {@link Roles}. */
export const ROLES_KEY = 'moderation:roles';
/** Metadata key of {@link Public}. */
export const PUBLIC_KEY = 'moderation:public';

/** The OpenAPI security schemes of API keys: a bearer token, or the X-Api-Key header (either will do). */
export const API_KEY_SCHEME = 'apiKey';
export const API_KEY_HEADER_SCHEME = 'apiKeyHeader';

/** The OpenAPI extension listing the roles of an operation; the document's 401 and 403 answers are derived from it. */
export const ROLES_EXTENSION = 'x-roles';

/**
 * The roles allowed on a route (an admin key is always allowed). Also documents the route as
 * needing an API key, with the roles in `x-roles`.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(API_KEY_SCHEME), ApiSecurity(API_KEY_HEADER_SCHEME), ApiExtension(ROLES_EXTENSION, roles));

/** A route open without a key (health probes, the OpenAPI document). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

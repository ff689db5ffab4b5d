import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

/** Metadata key of {@link Roles}. */
export const ROLES_KEY = 'moderation:roles';
/** Metadata key of {@link Public}. */
export const PUBLIC_KEY = 'moderation:public';

/** The roles allowed on a route (an admin key is always allowed). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** A route open without a key (health probes, the OpenAPI document). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

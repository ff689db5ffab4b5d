import { ROLES, Role } from './role';

/** True when a key with `role` may use a route that allows `allowed`; admin keys may use every route. */
export function roleAllows(allowed: readonly Role[], role: Role): boolean {
  return role === 'admin' || allowed.includes(role);
}

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

import type { Request } from 'express';
import { AuditActor } from '../audit/audit-event';
import { Role } from './role';

/** Who is calling: the API key the request was authenticated with. */
export interface Principal {
  /** The key's id: the reviewer's identity in leases, verdicts, labels and audit events. */
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  /** True only for the stand-in principal used while auth is disabled. */
  readonly authDisabled: boolean;
}

/**
 * The identity every request gets while auth is disabled (`MODERATION_AUTH=disabled`, for local
 * development only): an admin, so every route works, under one fixed id.
 */
export const AUTH_DISABLED_PRINCIPAL: Principal = Object.freeze({
  keyId: '00000000-0000-0000-0000-000000000000',
  name: 'auth-disabled',
  role: 'admin',
  authDisabled: true,
});

/** A request after the guard: `principal` is set on every route that declares roles. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** What a request did and who did it, handed from controllers to services. */
export interface RequestActor {
  readonly principal: Principal;
  /** The request id (`x-request-id`), recorded with audit events. */
  readonly requestId: string | null;
}

/** The principal as an audit actor. */
export function auditActorOf(principal: Principal): AuditActor {
  return { id: principal.keyId, name: principal.name, role: principal.role };
}

/** The key id to store as "submitted by" on a decision: none while auth is disabled. */
export function submittingKeyOf(principal: Principal | undefined): string | undefined {
  return principal === undefined || principal.authDisabled ? undefined : principal.keyId;
}

import { AuditActor, RequestActor, auditActorOf } from '../../access';

/**
 * Someone changing a policy's versions from the command line (`moderate policy promote`), on the
 * server's own database: no API key, no request. The audit actor names them (`cli:<os user>`).
 */
export interface CommandLineActor {
  readonly commandLine: AuditActor;
}

/** Who changes a policy's versions: an API request (its key) or a person at the command line. */
export type PolicyChangeActor = RequestActor | CommandLineActor;

/** The actor recorded in the change's audit event. */
export function auditActorOfChange(actor: PolicyChangeActor): AuditActor {
  return 'commandLine' in actor ? actor.commandLine : auditActorOf(actor.principal);
}

/** The key id recorded as the state's `updatedBy`: null from the command line, which has no key. */
export function keyIdOfChange(actor: PolicyChangeActor): string | null {
  return 'commandLine' in actor ? null : actor.principal.keyId;
}

/** The HTTP request id recorded with the audit event; null from the command line. */
export function requestIdOfChange(actor: PolicyChangeActor): string | null {
  return 'commandLine' in actor ? null : actor.requestId;
}

import { AuditActor, RequestActor, auditActorOf } from '../access';

/** Someone changing banks from the command line, on the server's own database: no key, no request. */
export interface CommandLineBankActor {
  readonly commandLine: AuditActor;
}

/** Who changes a bank: an API request (its key) or a person at the command line. */
export type BankChangeActor = RequestActor | CommandLineBankActor;

/** The actor recorded in the change's audit event. */
export function auditActorOfBankChange(actor: BankChangeActor): AuditActor {
  return 'commandLine' in actor ? actor.commandLine : auditActorOf(actor.principal);
}

/** The key id recorded on the bank or entry: null from the command line, which has no key. */
export function keyIdOfBankChange(actor: BankChangeActor): string | null {
  return 'commandLine' in actor || actor.principal.authDisabled ? null : actor.principal.keyId;
}

/** The HTTP request id recorded with the audit event; null from the command line. */
export function requestIdOfBankChange(actor: BankChangeActor): string | null {
  return 'commandLine' in actor ? null : actor.requestId;
}

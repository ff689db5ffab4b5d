import { Role } from '../auth/role';

/** What an audit event is about. */
export type AuditSubjectType = 'review_item' | 'decision' | 'api_key' | 'review_queue' | 'image' | 'policy' | 'hash_bank' | 'embedding_bank';

/**
 * Every step that is recorded. Names are stable (dashboards and exports filter on them):
 * `review.open` (an item entered a queue), `review.claim`, `review.renew`, `review.release`,
 * `review.verdict` (approve or remove), `review.escalate`, `appeal.open`, `key.create`,
 * `key.revoke`, `queue.update`, `image.purge`; policy tuning adds `policy.version` (a candidate
 * version submitted), `policy.shadow` (a version put in shadow, or the shadow stopped),
 * `policy.promote` (an admin made a version the active one) and `policy.activate` (a policy file
 * with new content became active at start-up); hash banks add `bank.create`, `bank.update`,
 * `bank.delete`, `bank.entry.add`, `bank.entry.remove` and `bank.import` (one event per import,
 * with its counts), each about the bank (subject type `hash_bank`); embedding banks record the
 * same actions about the bank with subject type `embedding_bank` (`bank.entry.add` from a remove
 * verdict, naming the decision and review item).
 */
export type AuditAction =
  | 'review.open'
  | 'review.claim'
  | 'review.renew'
  | 'review.release'
  | 'review.verdict'
  | 'review.escalate'
  | 'appeal.open'
  | 'key.create'
  | 'key.revoke'
  | 'queue.update'
  | 'image.purge'
  | 'policy.version'
  | 'policy.shadow'
  | 'policy.promote'
  | 'policy.activate'
  | 'bank.create'
  | 'bank.update'
  | 'bank.delete'
  | 'bank.entry.add'
  | 'bank.entry.remove'
  | 'bank.import';

/** Who took a step: an API key, or the system itself (sampling, retention, the command line). */
export interface AuditActor {
  /** The API key id; null for the system and the command line. */
  readonly id: string | null;
  readonly name: string;
  readonly role: Role | null;
}

/** The actor for steps the server takes on its own. */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ id: null, name: 'system', role: null });

/** The actor for steps taken with `npx moderate` on the server's own database. */
export const CLI_ACTOR: AuditActor = Object.freeze({ id: null, name: 'cli', role: null });

/** A step to record. `before` is null when the subject did not exist; states are small JSON objects. */
export interface AuditEventInput {
  readonly actor: AuditActor;
  readonly action: AuditAction;
  readonly subjectType: AuditSubjectType;
  readonly subjectId: string;
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly at: Date;
  /** The HTTP request's id, when the step came from one. */
  readonly requestId?: string | null;
}

/** A recorded step, as the API returns it. */
export interface AuditEvent {
  readonly id: string;
  /** ISO-8601 time. */
  readonly at: string;
  readonly actor: AuditActor;
  readonly action: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly requestId: string | null;
}

import { AuditEvent, AuditRepository } from '../../access';
import { PolicyVersionHistory } from '../versions/policy-version-history';

/** The audit actions that change which version a policy enforces. */
const ACTIVATING_ACTIONS = ['policy.promote', 'policy.activate'] as const;

/** Events read per action: promotions are rare, and only the latest that made `version` active matters. */
const EVENTS_READ = 100;

/**
 * The version a policy enforced before `version` became active, from the audit trail (the latest
 * promotion or file activation that made it active names what was active before). Without such an
 * event (it has been active since versions were tracked), the version recorded just before it in
 * the history; null when there is none.
 */
export async function previousActiveVersion(audit: AuditRepository, history: PolicyVersionHistory, version: string): Promise<string | null> {
  const events: AuditEvent[] = [];
  for (const action of ACTIVATING_ACTIONS) {
    events.push(...(await audit.list({ action, subjectType: 'policy', subjectId: history.policyId }, { limit: EVENTS_READ })).items);
  }
  const latest = events
    .filter((event) => event.after?.activeVersion === version && typeof event.before?.activeVersion === 'string' && event.before.activeVersion !== version)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  if (latest) return latest.before!.activeVersion as string;
  const index = history.versions.findIndex((entry) => entry.version === version);
  return index < 0 ? null : (history.versions[index + 1]?.version ?? null);
}

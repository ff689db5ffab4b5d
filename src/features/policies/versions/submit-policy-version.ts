import { appendAuditEvent } from '../../access';
import { RequestActor, auditActorOf } from '../../access';
import { Policy } from '../../../engine/policy/policy.types';
import { lintPolicy } from '../../../tuning/lint/lint-policy';
import { PolicyLintWarning } from '../../../tuning/lint/policy-lint-warning';
import { CandidatePolicyInput, parseCandidatePolicy } from './parse-candidate-policy';
import { PolicyVersionsContext } from './policy-versions-context';
import { findPolicyVersionRow, recordPolicyVersion } from './policy-version-rows';

/** A candidate version as stored. */
export interface SubmittedVersion {
  readonly policy: Policy;
  /** False when the database already had this exact version (same content, same hash). */
  readonly created: boolean;
  /** The linter's warnings for the candidate (never a reason to refuse it). */
  readonly lint: readonly PolicyLintWarning[];
}

/**
 * Stores a candidate version of a loaded policy, submitted by an admin: validated with the policy
 * parser, its prompts embedded (so a version that cannot be scored is refused now, not when it is
 * promoted), linted, and recorded with an audit event. Submitting the same content again changes
 * nothing. Enforces nothing: put it in shadow or promote it for that.
 */
export async function submitPolicyVersion(
  context: PolicyVersionsContext,
  policyId: string,
  input: CandidatePolicyInput,
  actor: RequestActor,
  reason: string | null,
): Promise<SubmittedVersion> {
  context.policies.get(policyId);
  const policy = parseCandidatePolicy(input, policyId);
  const lint = lintPolicy(policy, { compiled: await context.engine.compile(policy) });
  const created = await context.run('policy.submit', () =>
    context.dataSource.transaction(async (manager) => {
      if (await findPolicyVersionRow(manager, policyId, policy.version)) return false;
      const now = context.clock();
      await recordPolicyVersion(manager, policy, 'api', now);
      await appendAuditEvent(manager, {
        actor: auditActorOf(actor.principal),
        action: 'policy.version',
        subjectType: 'policy',
        subjectId: policyId,
        before: null,
        after: { version: policy.version, categories: policy.categories.map((category) => category.id), reason },
        at: now,
        requestId: actor.requestId,
      });
      return true;
    }),
  );
  return { policy, created, lint };
}

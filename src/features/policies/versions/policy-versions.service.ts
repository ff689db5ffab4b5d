import { Inject, Injectable } from '@nestjs/common';
import { RequestActor } from '../../access';
import { Policy } from '../../../engine/policy/policy.types';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { compareShadowDecisions } from '../../../tuning/shadow/compare-shadow-decisions';
import { readShadowPairs } from '../tuning/read-shadow-pairs';
import { ShadowReport } from '../../../tuning/shadow/shadow-report';
import { readReviewLabels } from '../tuning/read-review-labels';
import { parseTimeWindow, windowText } from '../../../shared/time-window';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { diffPolicyVersions } from './diff-policy-versions';
import { PolicyVersionHistory, PolicyVersionSummary, listPolicyVersions } from './list-policy-versions';
import { PolicyDiff } from './policy-diff';
import { readPolicyState } from './policy-state-rows';
import { PolicyVersionsContext } from './policy-versions-context';
import { promotePolicyVersion } from './promote-policy-version';
import { readPolicyVersion } from './read-policy-version';
import { setShadowVersion } from './set-shadow-version';
import { SubmittedVersion, submitPolicyVersion } from './submit-policy-version';
import { SubmitVersionBody } from '../http/policy-version-request.dto';
import { PolicyStateResponse } from '../http/policy-version.dto';
import { toPolicyStateResponse } from '../http/policy-views';
import { POLICY_VERSIONS_CONTEXT } from '../policy-versions-http.tokens';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';

/** What submitting a version answers: the version, whether it is new, its lint, and the policy's state. */
export interface SubmissionResult extends Omit<SubmittedVersion, 'policy'> {
  readonly version: PolicyVersionSummary;
  readonly state: PolicyStateResponse;
}

/** The policy-version routes: each method runs one framework-free step (src/policy-versions/*). */
@Injectable()
export class PolicyVersionsService {
  constructor(@Inject(POLICY_VERSIONS_CONTEXT) private readonly context: PolicyVersionsContext) {}

  history(policyId: string): Promise<PolicyVersionHistory> {
    return listPolicyVersions(this.context, policyId);
  }

  version(policyId: string, version: string): Promise<Policy> {
    return readPolicyVersion(this.context, policyId, version);
  }

  diff(policyId: string, from?: string, to?: string): Promise<PolicyDiff> {
    return diffPolicyVersions(this.context, policyId, from, to);
  }

  /** Stores a candidate and, when asked, puts it in shadow at once. */
  async submit(policyId: string, body: SubmitVersionBody, actor: RequestActor): Promise<SubmissionResult> {
    const reason = body.reason?.trim() || null;
    const submitted = await submitPolicyVersion(this.context, policyId, body.candidate, actor, reason);
    const changed = body.shadow === true ? await setShadowVersion(this.context, policyId, submitted.policy.version, reason ?? 'submitted to run in shadow', actor) : undefined;
    const history = await listPolicyVersions(this.context, policyId);
    const state = changed ?? (await this.state(policyId));
    return {
      version: history.versions.find((entry) => entry.version === submitted.policy.version)!,
      created: submitted.created,
      lint: submitted.lint,
      state: toPolicyStateResponse(state),
    };
  }

  shadow(policyId: string, version: string | null, reason: string, actor: RequestActor): Promise<PolicyStateEntity> {
    return setShadowVersion(this.context, policyId, version, reason.trim(), actor);
  }

  promote(policyId: string, version: string, reason: string, actor: RequestActor): Promise<PolicyStateEntity> {
    return promotePolicyVersion(this.context, policyId, version, reason.trim(), actor);
  }

  /** Compares a shadow version's decisions with the enforced ones beside them (default: the version in shadow now). */
  async shadowReport(policyId: string, query: { version?: string; since?: string; until?: string; examples?: number }): Promise<ShadowReport> {
    this.context.policies.get(policyId);
    const shadowVersion = query.version ?? this.context.policies.shadow(policyId)?.version;
    if (shadowVersion === undefined) {
      const reason = 'the policy has no version in shadow now; name the version that ran in shadow';
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: version: ${reason}`, { errors: [{ field: 'version', reasons: [reason] }] });
    }
    const window = parseTimeWindow(query);
    const labels = await readReviewLabels(this.context.dataSource, { policyId, ...window });
    return compareShadowDecisions(readShadowPairs(this.context.dataSource, { policyId, shadowVersion, ...window }), {
      policyId,
      shadowVersion,
      window: windowText(window),
      labels,
      examplesPerTransition: query.examples ?? 5,
    });
  }

  private async state(policyId: string): Promise<PolicyStateEntity> {
    const state = await this.context.run('policy.state', () => readPolicyState(this.context.dataSource.manager, policyId));
    const active = this.context.policies.get(policyId);
    return state ?? { policyId, activeVersion: active.version, shadowVersion: null, revision: 0, updatedAt: this.context.clock(), updatedBy: null };
  }
}

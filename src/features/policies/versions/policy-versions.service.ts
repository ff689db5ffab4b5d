import { Inject, Injectable } from '@nestjs/common';
import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { Policy } from '../../../engine/policy/policy.types';
import { lintPolicy } from '../../../tuning/lint/lint-policy';
import { PolicyLintWarning } from '../../../tuning/lint/policy-lint-warning';
import { ActivePolicies } from './active-policies';
import { PolicyChangeActor, auditActorOfChange, keyIdOfChange, requestIdOfChange } from './policy-change-actor';
import { diffPolicies } from './diff-policies';
import { CandidatePolicyInput, parseCandidatePolicy } from './parse-candidate-policy';
import { PolicyDiff } from './policy-diff';
import { PolicyVersionHistory, PolicyVersionSummary, toPolicyVersionHistory } from './policy-version-history';
import { policyStateConflict, policyVersionNotFound } from './policy-version-errors';
import { PolicyVersionPair, PolicyVersionRepository } from './policy-version.repository';
import { SubmitVersionBody } from '../http/policy-version-request.dto';
import { PolicyStateResponse } from '../http/policy-version.dto';
import { toPolicyStateResponse } from '../http/policy-views';

/** A candidate version as stored. */
export interface SubmittedVersion {
  readonly policy: Policy;
  /** False when the database already had this exact version (same content, same hash). */
  readonly created: boolean;
  /** The linter's warnings for the candidate (never a reason to refuse it). */
  readonly lint: readonly PolicyLintWarning[];
}

/** What submitting a version answers: the version, whether it is new, its lint, and the policy's state. */
export interface SubmissionResult extends Omit<SubmittedVersion, 'policy'> {
  readonly version: PolicyVersionSummary;
  readonly state: PolicyStateResponse;
}

/** One person's change to which version a policy enforces or shadows. */
interface StateChange {
  /** The version the change is about (null: stop the shadow). */
  readonly version: string | null;
  readonly action: 'policy.shadow' | 'policy.promote';
  readonly reason: string;
  readonly actor: PolicyChangeActor;
  /** The state after the change; throws POLICY_STATE_CONFLICT when it makes no sense. */
  readonly next: (state: PolicyVersionPair) => PolicyVersionPair;
}

/**
 * Policy versions as people work with them: the history of a loaded policy, one version, the diff
 * between two, submitting a candidate, shadowing and promoting. Every change is audited, and the
 * versions this process serves are refreshed at once (other processes follow at their next refresh).
 */
@Injectable()
export class PolicyVersionsService {
  constructor(
    private readonly versions: PolicyVersionRepository,
    private readonly policies: ActivePolicies,
    /**
     * Compiles a version before it is submitted, shadowed or promoted, so a broken one is refused up
     * front; nothing else of the engine is used (the command line loads the model only for changes).
     */
    @Inject(ModerationEngine) private readonly engine: Pick<ModerationEngine, 'compile'>,
  ) {}

  /** Every version the database has seen of a loaded policy (POLICY_NOT_FOUND otherwise). */
  async history(policyId: string): Promise<PolicyVersionHistory> {
    const served = this.policies.get(policyId);
    return toPolicyVersionHistory(policyId, await this.versions.history(policyId), served.version);
  }

  /**
   * One stored version of a loaded policy, exactly as recorded. POLICY_NOT_FOUND for a policy that
   * is not loaded, POLICY_VERSION_NOT_FOUND for a version it never had.
   */
  async version(policyId: string, version: string): Promise<Policy> {
    this.policies.get(policyId);
    const policy = await this.versions.find(policyId, version);
    if (!policy) throw policyVersionNotFound(policyId, version);
    return policy;
  }

  /**
   * The version tuning works on: a stored version when one is named (a candidate, an earlier
   * version), else the active one (a promoted version where there is one).
   */
  async forTuning(policyId: string, version?: string): Promise<Policy> {
    const active = this.policies.get(policyId);
    if (version === undefined || version === active.version) return active;
    return this.version(policyId, version);
  }

  /**
   * The diff between two stored versions. `from` defaults to the active version and `to` to the
   * shadow version, so with neither given it answers "what would promoting the shadow change".
   */
  async diff(policyId: string, from?: string, to?: string): Promise<PolicyDiff> {
    const fromVersion = from ?? this.policies.get(policyId).version;
    const toVersion = to ?? this.policies.shadow(policyId)?.version;
    if (toVersion === undefined) {
      const reason = 'give the version to compare with: the policy has no version in shadow';
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: to: ${reason}`, { errors: [{ field: 'to', reasons: [reason] }] });
    }
    return diffPolicies(await this.version(policyId, fromVersion), await this.version(policyId, toVersion));
  }

  /** Stores a candidate and, when asked, puts it in shadow at once. */
  async submit(policyId: string, body: SubmitVersionBody, actor: PolicyChangeActor): Promise<SubmissionResult> {
    const reason = body.reason?.trim() || null;
    const submitted = await this.storeCandidate(policyId, body.candidate, actor, reason);
    const changed = body.shadow === true ? await this.shadow(policyId, submitted.policy.version, reason ?? 'submitted to run in shadow', actor) : undefined;
    const history = await this.history(policyId);
    return {
      version: history.versions.find((entry) => entry.version === submitted.policy.version)!,
      created: submitted.created,
      lint: submitted.lint,
      state: toPolicyStateResponse(changed ?? (await this.state(policyId))),
    };
  }

  /**
   * Stores a candidate version submitted by an admin: validated with the policy parser, its prompts
   * embedded (so a version that cannot be scored is refused now, not when it is promoted), linted,
   * and recorded with an audit event. The same content again changes nothing. Enforces nothing:
   * put it in shadow or promote it for that.
   */
  async storeCandidate(policyId: string, input: CandidatePolicyInput, actor: PolicyChangeActor, reason: string | null): Promise<SubmittedVersion> {
    this.policies.get(policyId);
    const policy = parseCandidatePolicy(input, policyId);
    const lint = lintPolicy(policy, { compiled: await this.engine.compile(policy) });
    const created = await this.versions.submit(policy, {
      actor: auditActorOfChange(actor),
      action: 'policy.version',
      subjectType: 'policy',
      subjectId: policyId,
      before: null,
      after: { version: policy.version, categories: policy.categories.map((category) => category.id), reason },
      at: new Date(),
      requestId: requestIdOfChange(actor),
    });
    return { policy, created, lint };
  }

  /**
   * Runs a stored version in shadow beside the active one (null: stops the shadow): every fresh
   * decision of the policy is then also scored under it and logged in shadow mode, never acted on.
   * Audited as `policy.shadow`. Shadowing the active version is POLICY_STATE_CONFLICT.
   */
  shadow(policyId: string, version: string | null, reason: string, actor: PolicyChangeActor): Promise<PolicyStateEntity> {
    return this.changeState(policyId, {
      version,
      action: 'policy.shadow',
      reason,
      actor,
      next: (state) => {
        if (version !== null && state.activeVersion === version) throw policyStateConflict(policyId, `${version} is the active version; it cannot also run in shadow`);
        return { activeVersion: state.activeVersion, shadowVersion: version };
      },
    });
  }

  /**
   * Makes a stored version the one the policy enforces, from the next request on and across
   * restarts. Promoting the version in shadow ends the shadow. Audited as `policy.promote`.
   */
  promote(policyId: string, version: string, reason: string, actor: PolicyChangeActor): Promise<PolicyStateEntity> {
    return this.changeState(policyId, {
      version,
      action: 'policy.promote',
      reason,
      actor,
      next: (state) => {
        if (state.activeVersion === version) throw policyStateConflict(policyId, `${version} is already the active version`);
        return { activeVersion: version, shadowVersion: state.shadowVersion === version ? null : state.shadowVersion };
      },
    });
  }

  /** The policy's state, or the state it has before version tracking: its served version, no shadow. */
  async state(policyId: string): Promise<PolicyStateEntity> {
    const active = this.policies.get(policyId);
    const state = await this.versions.state(policyId);
    return state ?? { policyId, activeVersion: active.version, shadowVersion: null, revision: 0, updatedAt: new Date(), updatedBy: null };
  }

  /**
   * The version must be stored and must compile (its prompts embed) before anything changes; the
   * repository then applies the change only if nobody changed the state since it was read.
   */
  private async changeState(policyId: string, change: StateChange): Promise<PolicyStateEntity> {
    const { version, actor } = change;
    if (version !== null) await this.engine.compile(await this.version(policyId, version));
    else this.policies.get(policyId);
    const reason = change.reason.trim();
    const at = new Date();
    const changed = await this.versions.changeState({
      policyId,
      next: change.next,
      at,
      updatedBy: keyIdOfChange(actor),
      audit: (before, after) => ({
        actor: auditActorOfChange(actor),
        action: change.action,
        subjectType: 'policy',
        subjectId: policyId,
        before,
        after: { ...after, version, reason },
        at,
        requestId: requestIdOfChange(actor),
      }),
    });
    await this.policies.refresh();
    return changed;
  }
}

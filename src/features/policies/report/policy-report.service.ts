import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../../access';
import { parseTimeWindow } from '../../../shared/time-window';
import { ShadowReportsService } from '../tuning/shadow-reports.service';
import { PolicyVersionHistory } from '../versions/policy-version-history';
import { PolicyVersionsService } from '../versions/policy-versions.service';
import { previousActiveVersion } from './previous-active-version';
import { ComparedPair, PolicyReport } from './policy-report';
import { renderPolicyReport } from './render-policy-report';

/** What the report page is asked for (all optional). */
export interface PolicyReportRequest {
  readonly from?: string;
  readonly to?: string;
  /** Shadow decisions from this time (ISO-8601 or a duration ago); default {@link DEFAULT_SHADOW_SINCE}. */
  readonly since?: string;
}

/** The shadow report's window when none is asked for: a week of live traffic. */
export const DEFAULT_SHADOW_SINCE = '7d';

/** Example decision ids listed per kind of change in the shadow report. */
const SHADOW_EXAMPLES = 5;

/**
 * A policy's versions on one page for the people who own it: the history, what changes between two
 * versions, and how the version in shadow compares with what was enforced. Built from the same
 * services as the JSON routes, so the page and the API never disagree.
 */
@Injectable()
export class PolicyReportService {
  constructor(
    private readonly versions: PolicyVersionsService,
    private readonly shadowReports: ShadowReportsService,
    private readonly audit: AuditRepository,
  ) {}

  async report(policyId: string, request: PolicyReportRequest, now: Date = new Date()): Promise<PolicyReport> {
    const since = request.since ?? DEFAULT_SHADOW_SINCE;
    // Checked whether or not a shadow report is made, so a mistyped `since` is never ignored silently.
    parseTimeWindow({ since }, now);
    const history = await this.versions.history(policyId);
    const pair = await this.comparedVersions(policyId, request, history);
    const diff = pair.from === null ? null : await this.versions.diff(policyId, pair.from, pair.to);
    const shadow =
      history.shadowVersion === null ? null : await this.shadowReports.report(policyId, { version: history.shadowVersion, since, examples: SHADOW_EXAMPLES });
    return { history, diff, compared: pair.compared, shadow, generatedAt: now.toISOString() };
  }

  async html(policyId: string, request: PolicyReportRequest): Promise<string> {
    return renderPolicyReport(await this.report(policyId, request), request.since ?? DEFAULT_SHADOW_SINCE);
  }

  /**
   * The two versions to compare. `to` defaults to the version in shadow, else the active one; `from`
   * to the active version when `to` is another, else the version that was active before `to` (see
   * previousActiveVersion). A named version the policy never had is POLICY_VERSION_NOT_FOUND.
   */
  async comparedVersions(policyId: string, request: Pick<PolicyReportRequest, 'from' | 'to'>, known?: PolicyVersionHistory): Promise<{ from: string | null; to: string; compared: ComparedPair }> {
    const history = known ?? (await this.versions.history(policyId));
    const to = request.to ?? history.shadowVersion ?? history.activeVersion;
    const compared: ComparedPair = request.from !== undefined || request.to !== undefined ? 'requested' : history.shadowVersion !== null ? 'active-to-shadow' : 'previous-to-active';
    if (request.from !== undefined) return { from: request.from, to, compared };
    if (to !== history.activeVersion) return { from: history.activeVersion, to, compared };
    // Nothing may be compared with it, but a version the policy never had must still be refused.
    if (request.to !== undefined) await this.versions.version(policyId, to);
    return { from: await previousActiveVersion(this.audit, history, to), to, compared };
  }
}

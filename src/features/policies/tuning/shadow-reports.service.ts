import { Injectable } from '@nestjs/common';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { parseTimeWindow, windowText } from '../../../shared/time-window';
import { compareShadowDecisions } from '../../../tuning/shadow/compare-shadow-decisions';
import { ShadowReport } from '../../../tuning/shadow/shadow-report';
import { ActivePolicies } from '../versions/active-policies';
import { ReviewedTrafficRepository } from './reviewed-traffic.repository';
import { ShadowPairRepository } from './shadow-pair.repository';

/** What a shadow report is asked for. */
export interface ShadowReportRequest {
  /** The version that ran in shadow; default the version in shadow now. */
  readonly version?: string;
  readonly since?: string;
  readonly until?: string;
  /** Decision ids listed per kind of change. */
  readonly examples?: number;
}

/** Compares the decisions a shadow version made with the enforced ones beside them. */
@Injectable()
export class ShadowReportsService {
  constructor(
    private readonly policies: ActivePolicies,
    private readonly pairs: ShadowPairRepository,
    private readonly reviewed: ReviewedTrafficRepository,
  ) {}

  async report(policyId: string, query: ShadowReportRequest): Promise<ShadowReport> {
    this.policies.get(policyId);
    const shadowVersion = query.version ?? this.policies.shadow(policyId)?.version;
    if (shadowVersion === undefined) {
      const reason = 'the policy has no version in shadow now; name the version that ran in shadow';
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: version: ${reason}`, { errors: [{ field: 'version', reasons: [reason] }] });
    }
    const window = parseTimeWindow(query);
    const labels = await this.reviewed.labels({ policyId, ...window });
    return compareShadowDecisions(this.pairs.pairs({ policyId, shadowVersion, ...window }), {
      policyId,
      shadowVersion,
      window: windowText(window),
      labels,
      examplesPerTransition: query.examples ?? 5,
    });
  }
}

import { Injectable } from '@nestjs/common';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { parseCandidatePolicy } from '../versions/parse-candidate-policy';
import { ActivePolicies } from '../versions/active-policies';
import { lintPolicy } from '../../../tuning/lint/lint-policy';
import { PolicyLintWarning } from '../../../tuning/lint/policy-lint-warning';
import { StoredDecisionRepository } from './stored-decision.repository';
import { replayPolicy } from '../../../tuning/replay/replay-policy';
import { ReplayReport } from '../../../tuning/replay/replay-report';
import { ReviewedTrafficRepository } from './reviewed-traffic.repository';
import { CreateReplayBody } from '../http/tuning-request.dto';
import { parseTimeWindow, windowText } from '../../../shared/time-window';

/** Answer of POST /v1/tuning/replays. */
export interface ReplayResult {
  readonly window: { readonly since: string | null; readonly until: string | null };
  readonly skipped: { readonly otherModels: number };
  readonly labelledDecisions: number;
  readonly lint: readonly PolicyLintWarning[];
  readonly report: ReplayReport;
}

/**
 * Replays stored decisions under a candidate sent to the API (validated with the policy parser):
 * flips of the enforced action and per category, with example decision ids, held against
 * reviewers' labels where decisions have them.
 */
@Injectable()
export class ReplaysService {
  constructor(
    private readonly engine: ModerationEngine,
    private readonly policies: ActivePolicies,
    private readonly decisions: StoredDecisionRepository,
    private readonly reviewed: ReviewedTrafficRepository,
  ) {}

  async replay(body: CreateReplayBody): Promise<ReplayResult> {
    const window = parseTimeWindow(body);
    const candidate = parseCandidatePolicy(body.candidate);
    const active = this.policies.get(candidate.id);
    const compiled = await this.engine.compile(candidate);
    const baseline = body.baseline === 'active' ? await this.engine.compile(active) : undefined;
    const labels = await this.reviewed.labels({ policyId: candidate.id, ...window });
    const query = {
      policyId: candidate.id,
      modelHash: this.engine.model.hash,
      ...window,
      modes: body.includeShadowMode === true ? (['enforce', 'shadow'] as const) : (['enforce'] as const),
    };
    const counts = await this.decisions.count(query);
    const report = await replayPolicy(this.decisions.pages(query), {
      candidate: compiled,
      baseline,
      labels,
      examplesPerTransition: body.examples ?? 5,
    });
    return { window: windowText(window), skipped: { otherModels: counts.otherModels }, labelledDecisions: labels.size, lint: lintPolicy(candidate, { compiled }), report };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { parseCandidatePolicy } from '../versions/parse-candidate-policy';
import { PolicyVersionsContext } from '../versions/policy-versions-context';
import { POLICY_VERSIONS_CONTEXT } from '../policy-versions-http.tokens';
import { lintPolicy } from '../../../tuning/lint/lint-policy';
import { PolicyLintWarning } from '../../../tuning/lint/policy-lint-warning';
import { countStoredDecisions, readStoredDecisionPages } from './read-stored-decision-pages';
import { replayPolicy } from '../../../tuning/replay/replay-policy';
import { ReplayReport } from '../../../tuning/replay/replay-report';
import { readReviewLabels } from './read-review-labels';
import { CreateReplayBody } from '../http/tuning-request.dto';
import { parseTimeWindow, windowText } from '../../../shared/time-window';
import { ModerationDatabase } from '../../../database/moderation-database';

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
    private readonly database: ModerationDatabase,
    @Inject(POLICY_VERSIONS_CONTEXT) private readonly versions: PolicyVersionsContext,
  ) {}

  async replay(body: CreateReplayBody): Promise<ReplayResult> {
    const window = parseTimeWindow(body);
    const candidate = parseCandidatePolicy(body.candidate);
    const active = this.versions.policies.get(candidate.id);
    const compiled = await this.engine.compile(candidate);
    const baseline = body.baseline === 'active' ? await this.engine.compile(active) : undefined;
    const labels = await readReviewLabels(this.database.dataSource, { policyId: candidate.id, ...window });
    const query = {
      policyId: candidate.id,
      modelHash: this.engine.model.hash,
      ...window,
      modes: body.includeShadowMode === true ? (['enforce', 'shadow'] as const) : (['enforce'] as const),
    };
    const counts = await countStoredDecisions(this.database.dataSource, query);
    const report = await replayPolicy(readStoredDecisionPages(this.database.dataSource, query), {
      candidate: compiled,
      baseline,
      labels,
      examplesPerTransition: body.examples ?? 5,
    });
    return { window: windowText(window), skipped: { otherModels: counts.otherModels }, labelledDecisions: labels.size, lint: lintPolicy(candidate, { compiled }), report };
  }
}

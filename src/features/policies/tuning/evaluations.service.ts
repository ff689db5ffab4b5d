import { Injectable } from '@nestjs/common';
import { RequestActor } from '../../access';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { PolicyVersionsService } from '../versions/policy-versions.service';
import { renderEvaluationReport } from '../../../tuning/report/render-evaluation-report';
import { evaluateReviewedTraffic } from './evaluate-reviewed-traffic';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationSummary, StoredEvaluation } from './stored-evaluation';
import { CreateEvaluationBody } from '../http/tuning-request.dto';
import { parseTimeWindow } from '../../../shared/time-window';
import { ReviewedTrafficRepository } from './reviewed-traffic.repository';

/** A stored evaluation summary with the address of its HTML report. */
export type EvaluationSummaryView = EvaluationSummary & { readonly reportUrl: string };

/** A stored evaluation with the address of its HTML report. */
export type EvaluationView = StoredEvaluation & { readonly reportUrl: string };

/** Evaluations of policy versions on reviewer-labelled traffic: run, store, list, render. */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly engine: ModerationEngine,
    private readonly versions: PolicyVersionsService,
    private readonly reviewed: ReviewedTrafficRepository,
    private readonly store: EvaluationRepository,
  ) {}

  /** Evaluates a version (default: the active one) on the labelled decisions of the window, and stores the report. */
  async create(body: CreateEvaluationBody, actor: RequestActor): Promise<EvaluationView> {
    const window = parseTimeWindow(body);
    const policy = await this.versions.forTuning(body.policy, body.version);
    const report = await evaluateReviewedTraffic(this.engine, this.reviewed, { policy, ...window });
    const createdBy = actor.principal.authDisabled ? null : actor.principal.keyId;
    return withReportUrl(await this.store.save(report, { createdBy, createdAt: new Date() }));
  }

  async list(policyId: string | undefined, page: { limit: number; cursor?: string }): Promise<{ items: EvaluationSummaryView[]; nextCursor: string | null }> {
    const result = await this.store.list({ policyId }, page);
    return { items: result.items.map(withReportUrl), nextCursor: result.nextCursor };
  }

  async get(id: string): Promise<EvaluationView> {
    return withReportUrl(await this.store.get(id));
  }

  /** The self-contained HTML report, rendered from the stored JSON. */
  async html(id: string): Promise<string> {
    return renderEvaluationReport((await this.store.get(id)).report);
  }
}

function withReportUrl<T extends EvaluationSummary>(evaluation: T): T & { readonly reportUrl: string } {
  return { ...evaluation, reportUrl: `/v1/tuning/evaluations/${evaluation.id}/report` };
}

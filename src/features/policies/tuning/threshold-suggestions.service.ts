import { Injectable } from '@nestjs/common';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { PolicyVersionsService } from '../versions/policy-versions.service';
import { collectDecisionHistory } from '../../../tuning/replay/collect-decision-history';
import { StoredDecisionRepository } from './stored-decision.repository';
import { ReviewedTrafficRepository } from './reviewed-traffic.repository';
import { evaluateReviewedTraffic } from './evaluate-reviewed-traffic';
import { suggestThresholds } from '../../../tuning/suggest/suggest-thresholds';
import { ThresholdSuggestion } from '../../../tuning/suggest/threshold-suggestion';
import { checkThresholdTarget } from '../../../tuning/suggest/threshold-target';
import { SuggestThresholdsBody } from '../http/tuning-request.dto';
import { parseTimeWindow, windowText } from '../../../shared/time-window';
import { SuggestionMinimums, suggestionMinimums } from '../../../tuning/suggest/suggestion-minimums';
import { SuggestionWarning } from '../../../tuning/suggest/suggestion-warning';
import { historyWarnings } from '../../../tuning/suggest/data-warnings';
import { HistorySummary, historySummary } from '../../../tuning/suggest/history-summary';

/** Answer of POST /v1/tuning/threshold-suggestions. */
export interface ThresholdSuggestions {
  readonly policy: { readonly id: string; readonly version: string };
  readonly window: { readonly since: string | null; readonly until: string | null };
  readonly labelledDecisions: number;
  readonly history: HistorySummary;
  /** About the data as a whole: a window too short for rates per day, too few decisions. */
  readonly warnings: readonly SuggestionWarning[];
  readonly minimums: SuggestionMinimums;
  readonly suggestions: readonly ThresholdSuggestion[];
}

/**
 * Threshold suggestions from live traffic: precision, recall and FPR targets are met on the
 * decisions reviewers labelled; volume targets (and "how many past decisions would change
 * action", reported for every target) are counted on the stored decisions of the window.
 */
@Injectable()
export class ThresholdSuggestionsService {
  constructor(
    private readonly engine: ModerationEngine,
    private readonly versions: PolicyVersionsService,
    private readonly decisions: StoredDecisionRepository,
    private readonly reviewed: ReviewedTrafficRepository,
  ) {}

  async suggest(body: SuggestThresholdsBody): Promise<ThresholdSuggestions> {
    const targets = body.targets.map((target) => checkThresholdTarget({ level: target.level ?? 'review', metric: target.metric, value: target.value }));
    // One instant for every relative time and the open end of the window, so "30d" spans exactly 30 days.
    const now = new Date();
    const window = parseTimeWindow(body, now);
    const minimums = suggestionMinimums(body.minimums);
    const policy = await this.versions.forTuning(body.policy, body.version);
    const report = await evaluateReviewedTraffic(this.engine, this.reviewed, { policy, ...window });
    const pages = this.decisions.pages({
      policyId: policy.id,
      modelHash: this.engine.model.hash,
      ...window,
      modes: body.includeShadowMode === true ? ['enforce', 'shadow'] : ['enforce'],
    });
    const history = await collectDecisionHistory(pages, await this.engine.compile(policy), window, now);
    return {
      policy: { id: policy.id, version: policy.version },
      window: windowText(window),
      labelledDecisions: report.evaluation.examples.length,
      history: historySummary(history),
      warnings: historyWarnings(history, minimums),
      minimums,
      suggestions: suggestThresholds({ policy, targets, categories: body.categories, evaluation: report.evaluation, history, minimums }),
    };
  }
}

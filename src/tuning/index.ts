/**
 * Policy tuning: evaluation on labelled images and on reviewer-labelled decisions, threshold
 * suggestions, replay of stored decisions under a candidate policy, comparison of a shadow version
 * with the enforced one, HTML reports and the prompt linter. Framework-free, like the engine; the
 * CLI and the HTTP routes (`TuningHttpModule`, `/v1/tuning/...`) build on it.
 */
export type { CategoryLabels, LabelledExample, LabelledImageFile, LabelledImageSet } from './labelled/labelled-example';
export { readLabelledSet } from './labelled/read-labelled-set';
export type { ReadLabelledSetOptions } from './labelled/read-labelled-set';
export { NEGATIVE_FOLDER_NAMES, readLabelledFolder } from './labelled/read-labelled-folder';
export type { LabelledFolderOptions } from './labelled/read-labelled-folder';
export { readLabelledCsv } from './labelled/read-labelled-csv';
export type { LabelledSetProblem } from './labelled/labelled-set-error';

export { ImageEmbeddingCache } from './embeddings/image-embedding-cache';
export { embedLabelledImages } from './embeddings/embed-labelled-images';
export type { EmbeddedImages, EmbeddingFailure, EmbeddingOutcome, EmbedLabelledImagesOptions, ImageEmbeddingEngine } from './embeddings/embed-labelled-images';

export { evaluateCompiledPolicy, evaluatePolicy } from './evaluation/evaluate-policy';
export type { EvaluationEngine } from './evaluation/evaluate-policy';
export { evaluateLabelledSet } from './evaluation/evaluate-labelled-set';
export type { EvaluateLabelledSetOptions, LabelledSetEngine } from './evaluation/evaluate-labelled-set';
export type { CategoryEvaluation, EvaluationResult, ExampleResult } from './evaluation/evaluation-result';
export type { EvaluationReport } from './evaluation/evaluation-report';
export { categoryLabelledScores, categoryScores } from './evaluation/category-scores';

export { labelledScores } from './metrics/labelled-scores';
export type { LabelledScores } from './metrics/labelled-scores';
export { metricsAtThreshold, metricsFromCounts } from './metrics/threshold-metrics';
export type { ConfusionCounts, ThresholdMetrics } from './metrics/threshold-metrics';
export { averagePrecision, operatingPoints, rocAuc } from './metrics/operating-points';
export type { OperatingPoint } from './metrics/operating-points';

export { TARGET_METRICS, THRESHOLD_LEVELS, checkThresholdTarget, describeTarget, parseThresholdTarget } from './suggest/threshold-target';
export type { TargetMetric, ThresholdLevel, ThresholdTarget } from './suggest/threshold-target';
export { suggestThresholds } from './suggest/suggest-thresholds';
export type { SuggestThresholdsInput } from './suggest/suggest-thresholds';
export type { ThresholdSuggestion } from './suggest/threshold-suggestion';
export { SUGGESTION_WARNING_CODES } from './suggest/suggestion-warning';
export type { SuggestionWarning, SuggestionWarningCode } from './suggest/suggestion-warning';
export { DEFAULT_SUGGESTION_MINIMUMS, suggestionMinimums } from './suggest/suggestion-minimums';
export type { SuggestionMinimums } from './suggest/suggestion-minimums';
export { historyWarnings, rateDays } from './suggest/data-warnings';
export { thresholdForLabelledTarget } from './suggest/labelled-threshold';
export type { LabelledThreshold } from './suggest/labelled-threshold';
export { thresholdForVolume } from './suggest/volume-threshold';
export type { VolumeThreshold } from './suggest/volume-threshold';
export { readableThreshold } from './suggest/readable-threshold';

export { replayPolicy } from './replay/replay-policy';
export type { ReplayPolicyOptions } from './replay/replay-policy';
export type { ActionTally, ActionTransition, CategoryReplay, FlagMetrics, ReplayReport } from './replay/replay-report';
export type { StoredDecisionPage } from './replay/stored-decision-page';
export { pageFromEmbeddings } from './replay/page-from-embeddings';
export type { DecisionForReplay } from './replay/page-from-embeddings';
export { PolicyScorer } from './replay/policy-scorer';
export type { PolicyScores } from './replay/policy-scorer';
export { actionsFromScores } from './replay/actions-from-scores';
export type { PolicyActions } from './replay/actions-from-scores';
export { collectDecisionHistory } from './replay/collect-decision-history';
export type { DecisionHistory, RateWindow } from './replay/collect-decision-history';

export { lintLoadedPolicies, lintPolicy } from './lint/lint-policy';
export type { LintPolicyOptions } from './lint/lint-policy';
export { logPolicyLintSummary, logPolicyLintWarnings } from './lint/log-policy-lint';
export { summarisePolicyLint } from './lint/lint-summary';
export { CLIP_BIAS_NOTICE, formatLintWarning } from './lint/policy-lint-warning';
export type { PolicyLintCode, PolicyLintWarning } from './lint/policy-lint-warning';
export { PERSON_QUALIFIERS, PERSON_WORDS, PROTECTED_TERMS } from './lint/protected-terms';
export type { ProtectedCharacteristic } from './lint/protected-terms';
export { NEAR_DUPLICATE_SIMILARITY } from './lint/near-duplicate-prompts';

export { renderEvaluationReport } from './report/render-evaluation-report';
export type { RenderReportOptions } from './report/render-evaluation-report';
export { thumbnailDataUri } from './report/thumbnail-data-uri';

export type { ReviewWindow } from './reviewed/review-window';

export { compareShadowDecisions } from './shadow/compare-shadow-decisions';
export type { CompareShadowOptions } from './shadow/compare-shadow-decisions';
export type { ShadowPair } from './shadow/shadow-pair';
export type { ShadowReport } from './shadow/shadow-report';
export { overallLabel } from './replay/overall-label';


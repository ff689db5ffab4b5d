/**
 * Policy versions: every version of a policy the database has seen, which one is active and which
 * runs in shadow, promotion, the diff between two versions, and their HTTP routes.
 */
export { ActivePolicies } from './versions/active-policies';
export type { ActivePoliciesOptions, PolicyRollout } from './versions/active-policies';
export { DEFAULT_POLICY_REFRESH_MS, loadActivePolicies } from './versions/load-active-policies';
export type { LoadActivePoliciesOptions } from './versions/load-active-policies';
export { CANDIDATES_FOLDER, loadCandidatePolicyFiles } from './versions/candidate-policy-files';
export { PolicyVersionRepository } from './versions/policy-version.repository';
export type { PolicyStateChangeRequest, PolicyVersionPair } from './versions/policy-version.repository';
export { POLICY_ORIGINS, POLICY_ORIGIN_LABELS } from './versions/policy-origin';
export type { PolicyOrigin } from './versions/policy-origin';
export { parseCandidatePolicy } from './versions/parse-candidate-policy';
export type { CandidatePolicyInput } from './versions/parse-candidate-policy';
export { diffPolicies } from './versions/diff-policies';
export type { CategoryDiff, ListChange, PolicyDiff, ValueChange } from './versions/policy-diff';
export type { PolicyVersionHistory, PolicyVersionSummary } from './versions/policy-version-history';
export { PolicyVersionsService } from './versions/policy-versions.service';
export type { SubmissionResult, SubmittedVersion } from './versions/policy-versions.service';
export type { CommandLineActor, PolicyChangeActor } from './versions/policy-change-actor';
export { PolicyReportService, DEFAULT_SHADOW_SINCE } from './report/policy-report.service';
export type { PolicyReportRequest } from './report/policy-report.service';
export type { ComparedPair, PolicyReport } from './report/policy-report';
export { ShadowReportsService } from './tuning/shadow-reports.service';
export type { ShadowReportRequest } from './tuning/shadow-reports.service';
export { ShadowPairRepository } from './tuning/shadow-pair.repository';
export type { ShadowPairQuery } from './tuning/shadow-pair.repository';
export { StoredDecisionRepository } from './tuning/stored-decision.repository';
export type { StoredDecisionQuery } from './tuning/stored-decision.repository';
export { ReviewedTrafficRepository } from './tuning/reviewed-traffic.repository';
export type { ReviewedExamples } from './tuning/reviewed-traffic.repository';
export { evaluateReviewedTraffic } from './tuning/evaluate-reviewed-traffic';
export { PolicyVersionsHttpModule } from './policy-versions-http.module';
export { PolicyServingModule } from './policy-serving.module';
export type { PolicyServingOptions } from './policy-serving-options';
export { TuningHttpModule } from './tuning-http.module';

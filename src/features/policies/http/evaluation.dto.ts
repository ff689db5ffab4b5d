import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ThresholdsResponse } from '../../../core/http/decision.dto';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { CATEGORY_SEVERITIES, CategorySeverity, SCORING_METHODS, ScoringMethod } from '../../../engine/policy/policy.types';
import { LintWarningResponse, ThresholdMetricsResponse } from './metrics.dto';

/** Lowest and highest score among labelled examples. */
export class ScoreRangeResponse {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

/** One category measured on the examples labelled for it. */
export class CategoryEvaluationResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SCORING_METHODS, enumName: 'ScoringMethod' }) scoring!: ScoringMethod;
  @ApiProperty() shadow!: boolean;
  @ApiProperty({ enum: CATEGORY_SEVERITIES, enumName: 'CategorySeverity' }) severity!: CategorySeverity;
  @ApiProperty({ type: ThresholdsResponse }) thresholds!: ThresholdsResponse;
  @ApiProperty() positives!: number;
  @ApiProperty() negatives!: number;
  @ApiProperty({ description: 'Examples with no label for this category.' }) unlabelled!: number;
  @ApiProperty({ type: ThresholdMetricsResponse, description: 'Flagged = at or above the review threshold.' }) atReview!: ThresholdMetricsResponse;
  @ApiProperty({ type: ThresholdMetricsResponse, description: 'Flagged = at or above the block threshold.' }) atBlock!: ThresholdMetricsResponse;
  @ApiProperty({ type: Number, nullable: true, description: 'Area under the precision-recall curve.' }) averagePrecision!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Area under the ROC curve.' }) rocAuc!: number | null;
  @ApiProperty({ type: ScoreRangeResponse, nullable: true }) scoreRange!: ScoreRangeResponse | null;
}

/** How the policy scored one labelled example (a decision id for reviewed traffic). */
export class ExampleResultResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, description: 'Label per category: true violating, false not; absent: not labelled.' })
  labels!: Record<string, boolean>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Score per category.' }) scores!: Record<string, number>;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) action!: ModerationAction;
}

/** Policy id and version evaluated. */
export class EvaluatedPolicyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
}

/** The model whose embeddings were compared. */
export class EvaluatedModelResponse {
  @ApiPropertyOptional() id?: string;
  @ApiProperty() hash!: string;
}

/** A policy measured on labelled examples. */
export class EvaluationResultResponse {
  @ApiProperty({ type: EvaluatedPolicyResponse }) policy!: EvaluatedPolicyResponse;
  @ApiProperty({ type: EvaluatedModelResponse }) model!: EvaluatedModelResponse;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({ type: [CategoryEvaluationResponse] }) categories!: CategoryEvaluationResponse[];
  @ApiProperty({ type: [ExampleResultResponse] }) examples!: ExampleResultResponse[];
}

/** A time range (ISO times; null for no bound). */
export class TimeWindowResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) since!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) until!: string | null;
}

/** Labelled decisions left out. */
export class SkippedResponse {
  @ApiProperty({ description: 'Made with another model than the one evaluating.' }) otherModels!: number;
}

/** Where the labelled examples came from. */
export class EvaluationSetResponse {
  @ApiProperty({ enum: ['folder', 'csv', 'reviewed'] }) kind!: 'folder' | 'csv' | 'reviewed';
  @ApiProperty() source!: string;
  @ApiProperty() images!: number;
  @ApiProperty({ type: [String] }) ignored!: string[];
  @ApiPropertyOptional({ type: TimeWindowResponse }) window?: TimeWindowResponse;
  @ApiPropertyOptional({ type: SkippedResponse }) skipped?: SkippedResponse;
}

/** Where the embeddings came from. */
export class EmbeddingCountsResponse {
  @ApiProperty() computed!: number;
  @ApiProperty() cached!: number;
  @ApiPropertyOptional({ description: 'Read from the decision log (reviewed traffic).' }) stored?: number;
}

/** An image that could not be scored. */
export class EmbeddingFailureResponse {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

/** Everything an evaluation produced (the JSON the HTML report is rendered from). */
export class EvaluationReportResponse {
  @ApiProperty({ type: EvaluationResultResponse }) evaluation!: EvaluationResultResponse;
  @ApiProperty({ type: EvaluationSetResponse }) set!: EvaluationSetResponse;
  @ApiProperty({ type: EmbeddingCountsResponse }) embeddings!: EmbeddingCountsResponse;
  @ApiProperty({ type: [EmbeddingFailureResponse] }) failures!: EmbeddingFailureResponse[];
  @ApiProperty({ type: [LintWarningResponse] }) lint!: LintWarningResponse[];
  @ApiProperty({ description: "CLIP's biases, said with every evaluation." }) notice!: string;
}

/** A stored evaluation, as listed. */
export class EvaluationSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin key that ran it.' }) createdBy!: string | null;
  @ApiProperty({ type: EvaluatedPolicyResponse }) policy!: EvaluatedPolicyResponse;
  @ApiProperty() modelHash!: string;
  @ApiProperty({ type: TimeWindowResponse, description: 'The decisions evaluated were decided in this range.' }) window!: TimeWindowResponse;
  @ApiProperty({ description: 'Labelled decisions evaluated.' }) examples!: number;
  @ApiProperty({ example: '/v1/tuning/evaluations/5b0e…/report', description: 'The HTML report.' }) reportUrl!: string;
}

/** A stored evaluation with its whole report. */
export class EvaluationResponse extends EvaluationSummaryResponse {
  @ApiProperty({ type: EvaluationReportResponse }) report!: EvaluationReportResponse;
}

/** One page of evaluations, newest first. */
export class EvaluationPageResponse {
  @ApiProperty({ type: [EvaluationSummaryResponse] }) items!: EvaluationSummaryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

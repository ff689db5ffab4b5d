import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { TARGET_METRICS, THRESHOLD_LEVELS, TargetMetric, ThresholdLevel } from '../../../tuning/suggest/threshold-target';
import { ThresholdMetricsResponse } from './metrics.dto';
import { EvaluatedPolicyResponse, TimeWindowResponse } from './evaluation.dto';

/** A goal for one threshold. */
export class ThresholdTargetResponse {
  @ApiProperty({ enum: THRESHOLD_LEVELS, enumName: 'ThresholdLevel' }) level!: ThresholdLevel;
  @ApiProperty({ enum: TARGET_METRICS, enumName: 'TargetMetric' }) metric!: TargetMetric;
  @ApiProperty() value!: number;
}

/** On the reviewer-labelled decisions, now and with the suggested threshold. */
export class LabelledThresholdResponse {
  @ApiProperty({ type: ThresholdMetricsResponse }) current!: ThresholdMetricsResponse;
  @ApiProperty({ type: ThresholdMetricsResponse, nullable: true }) suggested!: ThresholdMetricsResponse | null;
}

/** Past decisions flagged per day by the category at this level (review band, or block). */
export class VolumeResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'Days the decisions stand for; null when they span no time.' }) days!: number | null;
  @ApiProperty() decisions!: number;
  @ApiProperty({ type: Number, nullable: true }) currentPerDay!: number | null;
  @ApiProperty({ type: Number, nullable: true }) suggestedPerDay!: number | null;
}

/** A kind of change of the enforced action, with example decision ids. */
export class PastTransitionResponse {
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) from!: ModerationAction;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) to!: ModerationAction;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [String] }) exampleIds!: string[];
}

/** Past decisions whose enforced action would change were only this threshold moved. */
export class PastDecisionsResponse {
  @ApiProperty() total!: number;
  @ApiProperty() changed!: number;
  @ApiProperty({ type: [PastTransitionResponse] }) transitions!: PastTransitionResponse[];
}

/** A suggested threshold for one category and level, with what it would do. */
export class ThresholdSuggestionResponse {
  @ApiProperty() categoryId!: string;
  @ApiProperty({ enum: THRESHOLD_LEVELS, enumName: 'ThresholdLevel' }) level!: ThresholdLevel;
  @ApiProperty({ type: ThresholdTargetResponse }) target!: ThresholdTargetResponse;
  @ApiProperty({ description: 'The threshold in the policy now.' }) current!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The threshold that meets the target; null when none does.' }) suggested!: number | null;
  @ApiProperty() reached!: boolean;
  @ApiPropertyOptional({ description: 'Why the target cannot be met, or what else must move with it.' }) note?: string;
  @ApiPropertyOptional({ type: LabelledThresholdResponse }) labelled?: LabelledThresholdResponse;
  @ApiPropertyOptional({ type: VolumeResponse }) volume?: VolumeResponse;
  @ApiPropertyOptional({ type: PastDecisionsResponse }) pastDecisions?: PastDecisionsResponse;
}

/** The stored decisions the suggestions were counted on. */
export class SuggestionHistoryResponse {
  @ApiProperty() decisions!: number;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
  @ApiProperty({ type: Number, nullable: true }) days!: number | null;
}

/** Answer of POST /v1/tuning/threshold-suggestions. */
export class ThresholdSuggestionsResponse {
  @ApiProperty({ type: EvaluatedPolicyResponse }) policy!: EvaluatedPolicyResponse;
  @ApiProperty({ type: TimeWindowResponse }) window!: TimeWindowResponse;
  @ApiProperty({ description: 'Reviewer-labelled decisions the precision, recall and FPR targets were measured on.' }) labelledDecisions!: number;
  @ApiProperty({ type: SuggestionHistoryResponse }) history!: SuggestionHistoryResponse;
  @ApiProperty({ type: [ThresholdSuggestionResponse] }) suggestions!: ThresholdSuggestionResponse[];
}

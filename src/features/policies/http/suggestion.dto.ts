import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { TARGET_METRICS, THRESHOLD_LEVELS, TargetMetric, ThresholdLevel } from '../../../tuning/suggest/threshold-target';
import { SUGGESTION_WARNING_CODES, SuggestionWarningCode } from '../../../tuning/suggest/suggestion-warning';
import { ThresholdMetricsResponse } from './metrics.dto';
import { EvaluatedPolicyResponse, TimeWindowResponse } from './evaluation.dto';

/** A goal for one threshold. */
export class ThresholdTargetResponse {
  @ApiProperty({ enum: THRESHOLD_LEVELS, enumName: 'ThresholdLevel' }) level!: ThresholdLevel;
  @ApiProperty({ enum: TARGET_METRICS, enumName: 'TargetMetric' }) metric!: TargetMetric;
  @ApiProperty() value!: number;
}

/** Why a suggestion is missing, weaker than it looks, or needs something else to change. */
export class SuggestionWarningResponse {
  @ApiProperty({
    enum: SUGGESTION_WARNING_CODES,
    enumName: 'SuggestionWarningCode',
    description:
      'Stable: TARGETS_CONFLICT (review target above block target: neither suggested, see `alone`), MOVES_OTHER_THRESHOLD, TARGET_UNREACHABLE, ' +
      'NO_LABELLED_EXAMPLES, TOO_FEW_POSITIVES, TOO_FEW_NEGATIVES, TOO_FEW_DECISIONS, WINDOW_TOO_SHORT (no rate per day), ' +
      'VOLUME_ABOVE_TRAFFIC (every threshold meets the volume: the current one stays), FLAGS_EVERY_EXAMPLE, SHADOW_CATEGORY.',
  })
  code!: SuggestionWarningCode;

  @ApiProperty({ description: 'For people; may change.' }) message!: string;
}

/** On the reviewer-labelled decisions, now and with the suggested threshold. */
export class LabelledThresholdResponse {
  @ApiProperty({ description: 'Labelled decisions positive (violating) for the category.' }) positives!: number;
  @ApiProperty({ description: 'Labelled decisions negative for the category.' }) negatives!: number;
  @ApiProperty({ type: ThresholdMetricsResponse }) current!: ThresholdMetricsResponse;
  @ApiProperty({ type: ThresholdMetricsResponse, nullable: true }) suggested!: ThresholdMetricsResponse | null;
}

/** Past decisions flagged per day by the category at this level (review band, or block). */
export class VolumeResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'Days the rates are counted over; null when the window is shorter than the minimum (WINDOW_TOO_SHORT).' }) days!: number | null;
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
  @ApiProperty({ type: Number, nullable: true, description: "The threshold that meets the target, within the score's range; null when none does or the run's targets conflict." }) suggested!: number | null;
  @ApiProperty() reached!: boolean;
  @ApiPropertyOptional({ description: 'Only with TARGETS_CONFLICT: the threshold this target alone would need.' }) alone?: number;
  @ApiProperty({ type: [SuggestionWarningResponse], description: 'Empty when nothing weakens the suggestion.' }) warnings!: SuggestionWarningResponse[];
  @ApiPropertyOptional({ description: "The warnings' messages in one line; absent without warnings." }) note?: string;
  @ApiPropertyOptional({ type: LabelledThresholdResponse }) labelled?: LabelledThresholdResponse;
  @ApiPropertyOptional({ type: VolumeResponse }) volume?: VolumeResponse;
  @ApiPropertyOptional({ type: PastDecisionsResponse }) pastDecisions?: PastDecisionsResponse;
}

/** The period rates per day were counted over. */
export class RateWindowResponse {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty() days!: number;
  @ApiProperty({ enum: ['requested', 'decisions'], description: '`requested`: from `since` (to `until` or now); `decisions`: no `since`, so from the first decision.' })
  basis!: 'requested' | 'decisions';
}

/** The stored decisions the suggestions were counted on. */
export class SuggestionHistoryResponse {
  @ApiProperty() decisions!: number;
  @ApiProperty({ type: String, nullable: true, description: 'First decision time.' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last decision time.' }) to!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Days of `rateWindow`; null when it spans no time.' }) days!: number | null;
  @ApiProperty({ type: RateWindowResponse, nullable: true }) rateWindow!: RateWindowResponse | null;
}

/** How much data a suggestion needed before it was offered without a warning. */
export class SuggestionMinimumsResponse {
  @ApiProperty() positives!: number;
  @ApiProperty() negatives!: number;
  @ApiProperty() decisions!: number;
  @ApiProperty() windowHours!: number;
}

/** Answer of POST /v1/tuning/threshold-suggestions. */
export class ThresholdSuggestionsResponse {
  @ApiProperty({ type: EvaluatedPolicyResponse }) policy!: EvaluatedPolicyResponse;
  @ApiProperty({ type: TimeWindowResponse }) window!: TimeWindowResponse;
  @ApiProperty({ description: 'Reviewer-labelled decisions the precision, recall and FPR targets were measured on.' }) labelledDecisions!: number;
  @ApiProperty({ type: SuggestionHistoryResponse }) history!: SuggestionHistoryResponse;
  @ApiProperty({ type: [SuggestionWarningResponse], description: 'About the data as a whole: WINDOW_TOO_SHORT, TOO_FEW_DECISIONS.' }) warnings!: SuggestionWarningResponse[];
  @ApiProperty({ type: SuggestionMinimumsResponse }) minimums!: SuggestionMinimumsResponse;
  @ApiProperty({ type: [ThresholdSuggestionResponse] }) suggestions!: ThresholdSuggestionResponse[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { FlagMetricsResponse, LintWarningResponse } from './metrics.dto';
import { TimeWindowResponse } from './evaluation.dto';

/** Decisions per action. */
export class ActionTallyResponse {
  @ApiProperty() allow!: number;
  @ApiProperty() review!: number;
  @ApiProperty() block!: number;
}

/** Of the changed decisions with labels: how many are labelled violating and how many clean. */
export class TransitionLabelsResponse {
  @ApiProperty() violating!: number;
  @ApiProperty() clean!: number;
}

/** Decisions whose action went from one value to another. */
export class ActionTransitionResponse {
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) from!: ModerationAction;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) to!: ModerationAction;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [String], description: 'A few of the decisions (ids), oldest first.' }) exampleIds!: string[];
  @ApiPropertyOptional({ type: TransitionLabelsResponse }) labelled?: TransitionLabelsResponse;
}

/** Flagged (review or block) against reviewers' labels, before and after. */
export class LabelledComparisonResponse {
  @ApiProperty({ description: 'Labelled decisions compared.' }) count!: number;
  @ApiProperty({ type: FlagMetricsResponse }) before!: FlagMetricsResponse;
  @ApiProperty({ type: FlagMetricsResponse }) after!: FlagMetricsResponse;
}

/** One category before and after. */
export class CategoryReplayResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['both', 'added', 'removed'], description: 'In both versions, only after (added), or only before (removed).' })
  presence!: 'both' | 'added' | 'removed';
  @ApiProperty({ type: ActionTallyResponse, nullable: true }) before!: ActionTallyResponse | null;
  @ApiProperty({ type: ActionTallyResponse, nullable: true }) after!: ActionTallyResponse | null;
  @ApiProperty({ description: 'Decisions whose action for this category changed.' }) changed!: number;
  @ApiProperty({ type: [ActionTransitionResponse] }) transitions!: ActionTransitionResponse[];
  @ApiPropertyOptional({ type: LabelledComparisonResponse }) labelled?: LabelledComparisonResponse;
}

/** The enforced action before and after. */
export class OverallChangeResponse {
  @ApiProperty({ type: ActionTallyResponse }) before!: ActionTallyResponse;
  @ApiProperty({ type: ActionTallyResponse }) after!: ActionTallyResponse;
  @ApiProperty() changed!: number;
  @ApiProperty({ type: [ActionTransitionResponse] }) transitions!: ActionTransitionResponse[];
}

/** The candidate and what it was compared with. */
export class ReplayPolicyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() candidateVersion!: string;
  @ApiProperty({ oneOf: [{ type: 'string', enum: ['stored'] }, { type: 'object', properties: { version: { type: 'string' } } }], description: '`stored`: the actions recorded at the time; otherwise the re-scored baseline version.' })
  baseline!: 'stored' | { version: string };
}

/** Milliseconds spent. */
export class ReplayTimingsResponse {
  @ApiProperty() scoringMs!: number;
  @ApiProperty() totalMs!: number;
}

/** What replaying stored decisions under a candidate would change. */
export class ReplayReportResponse {
  @ApiProperty({ type: ReplayPolicyResponse }) policy!: ReplayPolicyResponse;
  @ApiProperty() modelHash!: string;
  @ApiProperty() decisions!: number;
  @ApiProperty({ type: String, nullable: true }) firstDecidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastDecidedAt!: string | null;
  @ApiProperty({ type: OverallChangeResponse }) overall!: OverallChangeResponse;
  @ApiProperty({ type: [CategoryReplayResponse], description: 'Flips per category, with example decision ids and, where reviewers labelled, metrics before and after.' })
  categories!: CategoryReplayResponse[];
  @ApiProperty({ type: ReplayTimingsResponse }) timings!: ReplayTimingsResponse;
}

/** Decisions left out of a replay. */
export class ReplaySkippedResponse {
  @ApiProperty({ description: 'Made with another model: their embeddings cannot meet this model’s prompts.' }) otherModels!: number;
}

/** Answer of POST /v1/tuning/replays. */
export class ReplayResponse {
  @ApiProperty({ type: TimeWindowResponse }) window!: TimeWindowResponse;
  @ApiProperty({ type: ReplaySkippedResponse }) skipped!: ReplaySkippedResponse;
  @ApiProperty({ description: 'Stored decisions with reviewer labels among those replayed.' }) labelledDecisions!: number;
  @ApiProperty({ type: [LintWarningResponse], description: "The linter's warnings for the candidate." }) lint!: LintWarningResponse[];
  @ApiProperty({ type: ReplayReportResponse }) report!: ReplayReportResponse;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../engine/policy/moderation-action';
import { CATEGORY_SEVERITIES, CategorySeverity, SCORING_METHODS, ScoringMethod } from '../../engine/policy/policy.types';
import { DEFAULT_ALLOWED_FORMATS, ImageFormat } from '../../engine/image/image-format';

/** Review and block thresholds in force when a score was compared. */
export class ThresholdsResponse {
  @ApiProperty({ example: 0.5 }) review!: number;
  @ApiProperty({ example: 0.85 }) block!: number;
}

/** One category's verdict. */
export class CategoryDecisionResponse {
  @ApiProperty({ example: 'weapons' }) id!: string;
  @ApiProperty({ example: 0.91, description: 'Cosine similarity or contrast probability, per `scoring`.' }) score!: number;
  @ApiProperty({ type: ThresholdsResponse }) thresholds!: ThresholdsResponse;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) action!: ModerationAction;
  @ApiProperty({ enum: SCORING_METHODS, enumName: 'ScoringMethod' }) scoring!: ScoringMethod;
  @ApiProperty({ example: 'a photo of a handgun' }) bestPrompt!: string;
  @ApiProperty() bestSimilarity!: number;
  @ApiProperty({ description: 'Shadow categories are reported but never enforced.' }) shadow!: boolean;
  @ApiProperty({ enum: CATEGORY_SEVERITIES, enumName: 'CategorySeverity' }) severity!: CategorySeverity;
  @ApiProperty({ description: 'Scored frame that gave the score (0 for stills).' }) frame!: number;
}

/** Policy id and version a decision was made under. */
export class PolicyRefResponse {
  @ApiProperty({ example: 'default' }) id!: string;
  @ApiProperty({ example: 'sha256:3887b18685c3dd04' }) version!: string;
}

/** Model name and content hash. */
export class ModelRefResponse {
  @ApiProperty({ example: 'Xenova/clip-vit-base-patch32' }) id!: string;
  @ApiProperty({ example: 'sha256:…' }) hash!: string;
}

/** Facts about the scored bytes. */
export class ContentResponse {
  @ApiProperty() sha256!: string;
  @ApiProperty({ enum: DEFAULT_ALLOWED_FORMATS, enumName: 'ImageFormat' }) format!: ImageFormat;
  @ApiProperty() byteLength!: number;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty() frameCount!: number;
  @ApiProperty() framesScored!: number;
}

/** Milliseconds per stage. */
export class TimingsResponse {
  @ApiProperty() decodeMs!: number;
  @ApiProperty() queueMs!: number;
  @ApiProperty() inferenceMs!: number;
  @ApiProperty() scoringMs!: number;
  @ApiProperty() totalMs!: number;
}

/** A reviewer's final outcome for a decision. */
export class ReviewOutcomeResponse {
  @ApiProperty({ enum: ['approve', 'remove'], description: '`approve`: the content stays; `remove`: it goes.' }) verdict!: 'approve' | 'remove';
  @ApiProperty({ format: 'uuid', description: "The reviewer's API key id." }) reviewerId!: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
}

/** A stored moderation decision (image embeddings are kept in the log but not returned). */
export class DecisionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) action!: ModerationAction;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction', description: 'The action if shadow categories were enforced.' })
  shadowAction!: ModerationAction;
  @ApiProperty({ type: [String] }) triggered!: string[];
  @ApiProperty({ type: PolicyRefResponse }) policy!: PolicyRefResponse;
  @ApiProperty({ type: ModelRefResponse }) model!: ModelRefResponse;
  @ApiProperty({ type: ContentResponse }) content!: ContentResponse;
  @ApiProperty({ type: [CategoryDecisionResponse] }) categories!: CategoryDecisionResponse[];
  @ApiProperty({ type: TimingsResponse }) timings!: TimingsResponse;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ enum: ['enforce', 'shadow'] }) mode!: 'enforce' | 'shadow';
  @ApiProperty({ description: 'The upload is held pending review.' }) held!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API key that submitted the image.' }) apiKeyId!: string | null;
  @ApiProperty({
    type: ReviewOutcomeResponse,
    nullable: true,
    description: "The final outcome a reviewer decided; `action` and the scores stay the model's. Null until reviewed.",
  })
  review!: ReviewOutcomeResponse | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'For a shadow-mode decision of a candidate policy version: the enforced decision it accompanied. Null otherwise.',
  })
  shadowOf!: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiPropertyOptional({ description: 'True when an earlier decision for the same content and policy version was returned.' })
  reused?: boolean;
}

/** One page of decisions, newest first. */
export class DecisionPageResponse {
  @ApiProperty({ type: [DecisionResponse] }) items!: DecisionResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../engine/policy/moderation-action';
import { CATEGORY_SEVERITIES, CategorySeverity, SCORING_METHODS, ScoringMethod } from '../../engine/policy/policy.types';
import { DEFAULT_ALLOWED_FORMATS, ImageFormat } from '../../engine/image/image-format';
import { PDQ_DIHEDRAL_TRANSFORMS, PdqDihedralTransform } from '../../engine/pdq/pdq-dihedral';
import { KNOWN_CONTENT_ACTIONS, KnownContentAction } from '../../engine/scoring/known-content-match';

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

/** The picture's PDQ perceptual hash. */
export class PdqResponse {
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22',
    description: "256 bits as 64 lowercase hex digits, as Meta's reference implementation prints them; for an animation, of its first frame.",
  })
  hash!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, example: 100, description: 'How much detail the picture has (0-100); hashes of low-quality pictures match poorly.' })
  quality!: number;
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

/** The bank of a match. */
export class MatchBankResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'removed-by-review' }) name!: string;
}

/** The bank entry of a match. */
export class MatchEntryResponse {
  @ApiProperty({ type: 'integer', example: 42 }) id!: number;
  @ApiProperty({ type: String, nullable: true, example: 'case 1234' }) label!: string | null;
}

/** What every match says, whatever the kind of bank. */
class KnownContentMatchBaseResponse {
  @ApiProperty({ type: MatchBankResponse }) bank!: MatchBankResponse;
  @ApiProperty({ type: MatchEntryResponse }) entry!: MatchEntryResponse;
  @ApiProperty({ enum: KNOWN_CONTENT_ACTIONS, enumName: 'KnownContentAction', description: '`block` and `review` count towards `action` like a category; `report` is only recorded.' })
  action!: KnownContentAction;
}

/** A hash bank entry the picture's PDQ hash is close to. */
export class PdqMatchResponse extends KnownContentMatchBaseResponse {
  @ApiProperty({ enum: ['pdq'], description: '`pdq`: Hamming distance between PDQ hashes.' }) kind!: 'pdq';
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 256, example: 6, description: 'Bits that differ; a match is at or below `threshold`.' }) distance!: number;
  @ApiProperty({ type: 'integer', example: 31, description: "The bank's threshold when the picture was compared." }) threshold!: number;
  @ApiProperty({ enum: PDQ_DIHEDRAL_TRANSFORMS, enumName: 'PdqTransform', description: 'Which rotation or mirror image of the picture matched (`original` unless the bank matches them).' })
  transform!: PdqDihedralTransform;
}

/** An embedding bank entry the picture's CLIP embedding is similar to. */
export class EmbeddingMatchResponse extends KnownContentMatchBaseResponse {
  @ApiProperty({ enum: ['embedding'], description: '`embedding`: cosine similarity between CLIP image embeddings.' }) kind!: 'embedding';
  @ApiProperty({ maximum: 1, example: 0.9731, description: 'Cosine similarity of the two embeddings (for an animation, its most similar frame); a match is at or above `threshold`.' })
  similarity!: number;
  @ApiProperty({ maximum: 1, example: 0.92, description: "The bank's least similarity when the picture was compared." }) threshold!: number;
}

/** A bank entry of known content the picture matched, with what explains the match; `kind` says which fields follow. */
export type KnownContentMatchResponse = PdqMatchResponse | EmbeddingMatchResponse;

/** The `matches` items: one schema per kind, told apart by `kind`. */
const KNOWN_CONTENT_MATCH_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(PdqMatchResponse) }, { $ref: getSchemaPath(EmbeddingMatchResponse) }],
  discriminator: { propertyName: 'kind', mapping: { pdq: getSchemaPath(PdqMatchResponse), embedding: getSchemaPath(EmbeddingMatchResponse) } },
};

/** A stored moderation decision (image embeddings are kept in the log but not returned). */
@ApiExtraModels(PdqMatchResponse, EmbeddingMatchResponse)
export class DecisionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) action!: ModerationAction;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction', description: 'The action if shadow categories were enforced.' })
  shadowAction!: ModerationAction;
  @ApiProperty({ type: [String] }) triggered!: string[];
  @ApiProperty({ type: PolicyRefResponse }) policy!: PolicyRefResponse;
  @ApiProperty({ type: ModelRefResponse }) model!: ModelRefResponse;
  @ApiProperty({ type: ContentResponse }) content!: ContentResponse;
  @ApiProperty({ type: PdqResponse, nullable: true, description: 'Null only for decisions logged before hashes were stored.' })
  pdq!: PdqResponse | null;
  @ApiProperty({ type: [CategoryDecisionResponse] }) categories!: CategoryDecisionResponse[];
  @ApiProperty({
    type: 'array',
    items: KNOWN_CONTENT_MATCH_SCHEMA,
    description: 'Bank entries of known content the picture matched: hash bank matches closest first, then embedding bank matches most similar first; empty when none did.',
  })
  matches!: KnownContentMatchResponse[];
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

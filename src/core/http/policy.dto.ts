import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../engine/policy/moderation-action';
import { CATEGORY_SEVERITIES, CategorySeverity, SCORING_METHODS, ScoringMethod } from '../../engine/policy/policy.types';
import { ThresholdsResponse } from './decision.dto';

/** A category as loaded (defaults applied). */
export class CategoryPolicyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) prompts!: string[];
  @ApiProperty({ type: [String] }) contrastPrompts!: string[];
  @ApiProperty({ type: [String] }) templates!: string[];
  @ApiProperty({ enum: SCORING_METHODS, enumName: 'ScoringMethod' }) scoring!: ScoringMethod;
  @ApiProperty({ type: ThresholdsResponse }) thresholds!: ThresholdsResponse;
  @ApiProperty() shadow!: boolean;
  @ApiProperty({ enum: CATEGORY_SEVERITIES, enumName: 'CategorySeverity' }) severity!: CategorySeverity;
}

/** A loaded policy. */
export class PolicyResponse {
  @ApiProperty({ example: 'default' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'sha256:3887b18685c3dd04' }) version!: string;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) defaultAction!: ModerationAction;
  @ApiProperty() logitScale!: number;
  @ApiProperty({ type: [CategoryPolicyResponse] }) categories!: CategoryPolicyResponse[];
  @ApiPropertyOptional({ type: [String], description: 'The hash banks whose matches count for this policy; absent: every enabled bank.' }) banks?: string[];
  @ApiPropertyOptional({ description: 'A blocking match of one of its banks decides without the model (no categories scored, no embedding kept).' }) skipModelOnBankBlock?: boolean;
  @ApiPropertyOptional() sourceFile?: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A candidate version scored and logged in shadow mode beside this (active) version, never acted on; null when none.',
  })
  shadowVersion!: string | null;
}

/** Every loaded policy. */
export class PolicyListResponse {
  @ApiProperty({ type: [PolicyResponse] }) items!: PolicyResponse[];
}

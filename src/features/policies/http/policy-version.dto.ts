import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CategoryPolicyResponse } from '../../../core/http/policy.dto';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { LintWarningResponse } from './metrics.dto';
import { POLICY_ORIGINS, PolicyOrigin } from '../versions/policy-origin';

/** One version in a policy's history. */
export class PolicyVersionSummaryResponse {
  @ApiProperty({ example: 'sha256:3887b18685c3dd04' }) version!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String], description: 'Its category ids.' }) categories!: string[];
  @ApiProperty({ enum: POLICY_ORIGINS, enumName: 'PolicyOrigin', description: 'How it first reached the database.' }) origin!: PolicyOrigin;
  @ApiProperty({ type: String, nullable: true, description: 'The file it was first read from; null for a submitted version.' }) sourceFile!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was first recorded (loaded, submitted, or used by a decision).' }) firstSeenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "When a process first loaded it from the policy's own file." })
  loadedFromFileAt!: string | null;
  @ApiProperty({ description: 'The version enforced now.' }) active!: boolean;
  @ApiProperty({ description: 'The version running in shadow now.' }) shadow!: boolean;
}

/** Every version of a policy, newest first. */
export class PolicyVersionHistoryResponse {
  @ApiProperty() policyId!: string;
  @ApiProperty() activeVersion!: string;
  @ApiProperty({ type: String, nullable: true }) shadowVersion!: string | null;
  @ApiProperty({ type: [PolicyVersionSummaryResponse] }) versions!: PolicyVersionSummaryResponse[];
}

/** A changed text. */
export class TextChangeResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

/** A changed number. */
export class NumberChangeResponse {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
}

/** A changed flag. */
export class BooleanChangeResponse {
  @ApiProperty() from!: boolean;
  @ApiProperty() to!: boolean;
}

/** A changed action. */
export class ActionChangeResponse {
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) from!: ModerationAction;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) to!: ModerationAction;
}

/** Entries of a list present in only one version. */
export class ListChangeResponse {
  @ApiProperty({ type: [String] }) added!: string[];
  @ApiProperty({ type: [String] }) removed!: string[];
}

/** Threshold changes; a level is absent when it did not change. */
export class ThresholdChangesResponse {
  @ApiPropertyOptional({ type: NumberChangeResponse }) review?: NumberChangeResponse;
  @ApiPropertyOptional({ type: NumberChangeResponse }) block?: NumberChangeResponse;
}

/** How one category present in both versions changed; a field is absent when it did not change. */
export class CategoryDiffResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ListChangeResponse }) prompts!: ListChangeResponse;
  @ApiProperty({ type: ListChangeResponse }) contrastPrompts!: ListChangeResponse;
  @ApiProperty({ type: ListChangeResponse }) templates!: ListChangeResponse;
  @ApiProperty({ type: ThresholdChangesResponse }) thresholds!: ThresholdChangesResponse;
  @ApiPropertyOptional({ type: TextChangeResponse, description: '`cosine` or `contrast-softmax`.' }) scoring?: TextChangeResponse;
  @ApiPropertyOptional({ type: BooleanChangeResponse }) shadow?: BooleanChangeResponse;
  @ApiPropertyOptional({ type: TextChangeResponse }) severity?: TextChangeResponse;
  @ApiPropertyOptional({ type: TextChangeResponse }) description?: TextChangeResponse;
}

/** Categories added, removed, changed and unchanged. */
export class CategoryChangesResponse {
  @ApiProperty({ type: [CategoryPolicyResponse], description: 'Only in `to`.' }) added!: CategoryPolicyResponse[];
  @ApiProperty({ type: [CategoryPolicyResponse], description: 'Only in `from`.' }) removed!: CategoryPolicyResponse[];
  @ApiProperty({ type: [CategoryDiffResponse] }) changed!: CategoryDiffResponse[];
  @ApiProperty({ type: [String] }) unchanged!: string[];
}

/** What changed from one version of a policy to another. */
export class PolicyDiffResponse {
  @ApiProperty() policyId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'Same content (same hash).' }) identical!: boolean;
  @ApiPropertyOptional({ type: TextChangeResponse }) description?: TextChangeResponse;
  @ApiPropertyOptional({ type: ActionChangeResponse }) defaultAction?: ActionChangeResponse;
  @ApiPropertyOptional({ type: NumberChangeResponse }) logitScale?: NumberChangeResponse;
  @ApiProperty({ type: CategoryChangesResponse }) categories!: CategoryChangesResponse;
}

/** Which version a policy enforces and which runs in shadow. */
export class PolicyStateResponse {
  @ApiProperty() policyId!: string;
  @ApiProperty() activeVersion!: string;
  @ApiProperty({ type: String, nullable: true }) shadowVersion!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin key behind the last change; null for the system.' }) updatedBy!: string | null;
}

/** Answer of POST /v1/policies/:id/versions. */
export class SubmittedVersionResponse {
  @ApiProperty({ type: PolicyVersionSummaryResponse }) version!: PolicyVersionSummaryResponse;
  @ApiProperty({ description: 'False when this exact version was already stored.' }) created!: boolean;
  @ApiProperty({ type: [LintWarningResponse] }) lint!: LintWarningResponse[];
  @ApiProperty({ type: PolicyStateResponse }) state!: PolicyStateResponse;
}

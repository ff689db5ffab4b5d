import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Confusion counts and rates at one threshold (flagged = score at or above it). */
export class ThresholdMetricsResponse {
  @ApiProperty() threshold!: number;
  @ApiProperty({ description: 'Positives flagged.' }) tp!: number;
  @ApiProperty({ description: 'Negatives flagged.' }) fp!: number;
  @ApiProperty({ description: 'Negatives not flagged.' }) tn!: number;
  @ApiProperty({ description: 'Positives not flagged.' }) fn!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'tp / (tp + fp); null when nothing was flagged.' }) precision!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'tp / (tp + fn); null without positives.' }) recall!: number | null;
  @ApiProperty({ type: Number, nullable: true }) f1!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'fp / (fp + tn); null without negatives.' }) fpr!: number | null;
}

/** Flag counts and rates against labels without one threshold (the sides of a replay or shadow comparison). */
export class FlagMetricsResponse {
  @ApiProperty() tp!: number;
  @ApiProperty() fp!: number;
  @ApiProperty() tn!: number;
  @ApiProperty() fn!: number;
  @ApiProperty({ type: Number, nullable: true }) precision!: number | null;
  @ApiProperty({ type: Number, nullable: true }) recall!: number | null;
  @ApiProperty({ type: Number, nullable: true }) f1!: number | null;
  @ApiProperty({ type: Number, nullable: true }) fpr!: number | null;
}

/** One of the linter's warnings. */
export class LintWarningResponse {
  @ApiProperty({
    enum: ['protected-characteristic', 'identifies-people', 'near-duplicate-prompts', 'no-contrast-prompts', 'threshold-outside-evaluated-range'],
    enumName: 'PolicyLintCode',
  })
  code!: string;
  @ApiProperty() policyId!: string;
  @ApiProperty() categoryId!: string;
  @ApiProperty({ example: 'categories[2].prompts[1]' }) field!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
}

import { ApiProperty } from '@nestjs/swagger';
import { TimeWindowResponse } from './evaluation.dto';
import { CategoryReplayResponse, OverallChangeResponse } from './replay.dto';

/** Pairs whose enforced action was the same under both versions. */
export class AgreementResponse {
  @ApiProperty() same!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'same / pairs; null without pairs.' }) rate!: number | null;
}

/** How a version in shadow compared with what was enforced (before: enforced; after: shadow). */
export class ShadowReportResponse {
  @ApiProperty() policyId!: string;
  @ApiProperty() shadowVersion!: string;
  @ApiProperty({ type: [String], description: 'The versions that enforced while the shadow ran.' }) activeVersions!: string[];
  @ApiProperty({ type: TimeWindowResponse }) window!: TimeWindowResponse;
  @ApiProperty({ type: String, nullable: true }) firstDecidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastDecidedAt!: string | null;
  @ApiProperty({ description: 'Enforced decisions with a shadow decision beside them.' }) pairs!: number;
  @ApiProperty({ type: AgreementResponse }) agreement!: AgreementResponse;
  @ApiProperty({ type: OverallChangeResponse, description: 'Example ids are of the enforced decisions.' }) overall!: OverallChangeResponse;
  @ApiProperty({ type: [CategoryReplayResponse] }) categories!: CategoryReplayResponse[];
}

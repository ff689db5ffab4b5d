import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ROLES, Role } from '../auth/role';

/** Filters and paging of GET /v1/audit-events. */
export class ListAuditEventsQuery {
  @ApiPropertyOptional({ example: 'review.verdict' }) @IsOptional() @IsString() @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ example: 'review_item', description: 'review_item, decision, api_key, review_queue, image, policy, hash_bank or embedding_bank' }) @IsOptional() @IsString() @MaxLength(32)
  subjectType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(160)
  subjectId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The acting key.' }) @IsOptional() @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' }) @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

/** Who took a step. */
export class AuditActorResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API key; null for the system and the command line.' }) id!: string | null;
  @ApiProperty({ example: 'alice' }) name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', nullable: true }) role!: Role | null;
}

/** What a step was about. */
export class AuditSubjectResponse {
  @ApiProperty({ example: 'review_item' }) type!: string;
  @ApiProperty() id!: string;
}

/** One recorded step; events are never changed or deleted. */
export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AuditActorResponse }) actor!: AuditActorResponse;
  @ApiProperty({ example: 'review.verdict' }) action!: string;
  @ApiProperty({ type: AuditSubjectResponse }) subject!: AuditSubjectResponse;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
}

/** One page of audit events, newest first. */
export class AuditEventPageResponse {
  @ApiProperty({ type: [AuditEventResponse] }) items!: AuditEventResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';

/** Filters and paging of GET /v1/decisions. */
export class ListDecisionsQuery {
  @ApiPropertyOptional({ description: 'Policy id.' }) @IsOptional() @IsString() @MaxLength(64)
  policy?: string;

  @ApiPropertyOptional({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction' }) @IsOptional() @IsIn(MODERATION_ACTIONS)
  action?: ModerationAction;

  @ApiPropertyOptional({ description: 'Only decisions where this category triggered (review or block).' }) @IsOptional() @IsString() @MaxLength(64)
  category?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  source?: string;

  @ApiPropertyOptional({ example: '7d', maxLength: 64, description: 'Decided at or after: ISO-8601, or a duration ago (30m, 12h, 7d, 2w), as the tuning routes read `since`.' })
  @IsOptional() @IsString() @MaxLength(64)
  from?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'Decided before: ISO-8601 or a duration ago.' })
  @IsOptional() @IsString() @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' }) @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_VERSION_LENGTH } from './policy-version-request.dto';

/** Query of GET /v1/policies/:id/report. */
export class PolicyReportQuery {
  @ApiPropertyOptional({
    maxLength: MAX_VERSION_LENGTH,
    description: 'The version to compare from. Default: the active version when `to` is another, else the version that was active before `to`.',
  })
  @IsOptional() @IsString() @MaxLength(MAX_VERSION_LENGTH)
  from?: string;

  @ApiPropertyOptional({ maxLength: MAX_VERSION_LENGTH, description: 'The version to compare to. Default: the version in shadow, else the active version.' })
  @IsOptional() @IsString() @MaxLength(MAX_VERSION_LENGTH)
  to?: string;

  @ApiPropertyOptional({ example: '7d', default: '7d', maxLength: 64, description: 'Shadow decisions from this time: ISO-8601, or a duration ago (30m, 12h, 7d, 2w).' })
  @IsOptional() @IsString() @MaxLength(64)
  since?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Parameters of POST /v1/moderations (query string, or multipart fields). */
export class ModerateQuery {
  @ApiPropertyOptional({ description: 'Policy id; `default` when omitted.', example: 'default' })
  @IsOptional() @IsString() @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be a policy id (lowercase slug)' }) @MaxLength(64)
  policy?: string;

  @ApiPropertyOptional({ description: 'Who uploaded (your user or account id); stored and filterable.', example: 'user-42' })
  @IsOptional() @IsString() @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ description: 'Where the upload came from in your app; stored and filterable.', example: 'profile-photo' })
  @IsOptional() @IsString() @MaxLength(200)
  source?: string;

  @ApiPropertyOptional({ description: 'Score again even if this content was already decided under this policy version.', default: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  fresh?: boolean;
}

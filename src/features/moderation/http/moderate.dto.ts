import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

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

  @ApiPropertyOptional({
    enum: ['sync', 'async'],
    default: 'sync',
    description: '`async`: store the upload, queue it for a worker and answer 202 with the job (poll `GET /v1/jobs/{id}`, or pass `callbackUrl`). Needs REDIS_URL on the server.',
  })
  @IsOptional() @IsIn(['sync', 'async'])
  mode?: 'sync' | 'async';

  @ApiPropertyOptional({ description: 'With `mode=async`: POST the signed decision here when it is made. Its host must be on the server\'s allow-list.', example: 'https://hooks.example.com/moderation' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http(s) URL' }) @MaxLength(2048)
  callbackUrl?: string;
}

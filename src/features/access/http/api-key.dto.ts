import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from '../auth/role';

/** Body of POST /v1/keys. */
export class CreateApiKeyBody {
  @ApiProperty({ example: 'alice (trust & safety)', description: 'Who or what uses the key; shown in audit events.', minLength: 1, maxLength: 255 })
  @IsString() @MinLength(1) @MaxLength(255) @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' }) @IsIn(ROLES)
  role!: Role;
}

/** An API key as listed (never its secret or hash). */
export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ example: 'mod_3fQ1xk9Z', description: 'The first characters of the key, to tell keys apart.' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin key that created it; null from the command line.' }) createdBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) revokedBy!: string | null;
}

/** A key just created: the only response that carries the secret. */
export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ example: 'mod_3fQ1xk9Z…', description: 'The key itself. Shown once: store it now, it cannot be read again.' }) key!: string;
}

/** Every key, oldest first. */
export class ApiKeyListResponse {
  @ApiProperty({ type: [ApiKeyResponse] }) items!: ApiKeyResponse[];
}

/** The key a request was made with. */
export class CurrentKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ description: 'True when the server runs with MODERATION_AUTH=disabled (development only).' }) authDisabled!: boolean;
}

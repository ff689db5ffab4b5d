import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { BANK_ACTIONS, BANK_NAME_PATTERN, BankAction, DEFAULT_BANK_SETTINGS, MAX_BANK_DESCRIPTION_LENGTH, MAX_BANK_THRESHOLD } from '../bank-types';

const NAME_DOC = {
  pattern: BANK_NAME_PATTERN.source,
  example: 'ncii-shared',
  description: 'Letters, digits and `._-`, 1-100 characters, starting with a letter or digit, and not a UUID (paths take either the id or the name).',
} as const;
const NAME_MESSAGE = 'must be 1 to 100 letters, digits or . _ -, start with a letter or digit, and not be a UUID';

/** Body of POST /v1/banks. */
export class CreateBankBody {
  @ApiProperty(NAME_DOC) @IsString() @Matches(BANK_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_BANK_DESCRIPTION_LENGTH })
  @IsOptional() @IsString() @MaxLength(MAX_BANK_DESCRIPTION_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_BANK_THRESHOLD, default: DEFAULT_BANK_SETTINGS.threshold, description: 'Largest Hamming distance (bits of 256) that matches.' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_BANK_THRESHOLD)
  threshold?: number;

  @ApiPropertyOptional({ enum: BANK_ACTIONS, enumName: 'BankAction', default: DEFAULT_BANK_SETTINGS.action, description: '`report` records the match only.' })
  @IsOptional() @IsIn(BANK_ACTIONS)
  action?: BankAction;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: DEFAULT_BANK_SETTINGS.minQuality, description: 'Uploads whose PDQ quality is below this never match.' })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  minQuality?: number;

  @ApiPropertyOptional({ default: DEFAULT_BANK_SETTINGS.dihedral, description: 'Also match rotated (90/180/270) and mirrored copies.' })
  @IsOptional() @IsBoolean()
  dihedral?: boolean;

  @ApiPropertyOptional({ default: DEFAULT_BANK_SETTINGS.enabled, description: 'A disabled bank keeps its entries and matches nothing.' })
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}

/** Body of PATCH /v1/banks/:bank: the fields to change. */
export class UpdateBankBody {
  @ApiPropertyOptional(NAME_DOC) @IsOptional() @IsString() @Matches(BANK_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_BANK_DESCRIPTION_LENGTH, description: 'null clears it.' })
  @ValidateIf((body: UpdateBankBody) => body.description !== null && body.description !== undefined) @IsString() @MaxLength(MAX_BANK_DESCRIPTION_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_BANK_THRESHOLD }) @IsOptional() @IsInt() @Min(0) @Max(MAX_BANK_THRESHOLD)
  threshold?: number;

  @ApiPropertyOptional({ enum: BANK_ACTIONS, enumName: 'BankAction' }) @IsOptional() @IsIn(BANK_ACTIONS)
  action?: BankAction;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @IsOptional() @IsInt() @Min(0) @Max(100)
  minQuality?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  dihedral?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  enabled?: boolean;
}

/** A hash bank. */
export class HashBankResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ncii-shared' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ minimum: 0, maximum: MAX_BANK_THRESHOLD, example: 31 }) threshold!: number;
  @ApiProperty({ enum: BANK_ACTIONS, enumName: 'BankAction' }) action!: BankAction;
  @ApiProperty({ minimum: 0, maximum: 100, example: 50 }) minQuality!: number;
  @ApiProperty() dihedral!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ minimum: 0 }) entryCount!: number;
  @ApiProperty({ minimum: 0, description: 'Bumped by every change to the bank or its entries.' }) revision!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin key; null from the command line.' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

/** Every bank, by name. */
export class HashBankListResponse {
  @ApiProperty({ type: [HashBankResponse] }) items!: HashBankResponse[];
}

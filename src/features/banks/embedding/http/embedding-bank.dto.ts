import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { BANK_ACTIONS, BANK_NAME_PATTERN, BankAction, MAX_BANK_DESCRIPTION_LENGTH } from '../../bank-types';
import { DEFAULT_EMBEDDING_BANK_SETTINGS, MIN_EMBEDDING_THRESHOLD } from '../embedding-bank-types';

const NAME_DOC = {
  pattern: BANK_NAME_PATTERN.source,
  example: 'removed-by-review',
  description: 'Letters, digits and `._-`, 1-100 characters, starting with a letter or digit, and not a UUID. One namespace with the hash banks: a policy\'s `banks:` list names either kind.',
} as const;
const NAME_MESSAGE = 'must be 1 to 100 letters, digits or . _ -, start with a letter or digit, and not be a UUID';
const THRESHOLD_DOC = 'Least cosine similarity between an upload\'s CLIP embedding and an entry\'s that matches. Re-encoded and resized copies score above 0.95 with ViT-B/32; lower values also catch heavier edits, and more look-alikes.';

/** Body of POST /v1/embedding-banks. */
export class CreateEmbeddingBankBody {
  @ApiProperty(NAME_DOC) @IsString() @Matches(BANK_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_BANK_DESCRIPTION_LENGTH })
  @IsOptional() @IsString() @MaxLength(MAX_BANK_DESCRIPTION_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ minimum: MIN_EMBEDDING_THRESHOLD, maximum: 1, default: DEFAULT_EMBEDDING_BANK_SETTINGS.threshold, description: THRESHOLD_DOC })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(MIN_EMBEDDING_THRESHOLD) @Max(1)
  threshold?: number;

  @ApiPropertyOptional({ enum: BANK_ACTIONS, enumName: 'BankAction', default: DEFAULT_EMBEDDING_BANK_SETTINGS.action, description: '`report` records the match only.' })
  @IsOptional() @IsIn(BANK_ACTIONS)
  action?: BankAction;

  @ApiPropertyOptional({ default: DEFAULT_EMBEDDING_BANK_SETTINGS.enabled, description: 'A disabled bank keeps its entries and matches nothing.' })
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}

/** Body of PATCH /v1/embedding-banks/:bank: the fields to change. */
export class UpdateEmbeddingBankBody {
  @ApiPropertyOptional(NAME_DOC) @IsOptional() @IsString() @Matches(BANK_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_BANK_DESCRIPTION_LENGTH, description: 'null clears it.' })
  @ValidateIf((body: UpdateEmbeddingBankBody) => body.description !== null && body.description !== undefined) @IsString() @MaxLength(MAX_BANK_DESCRIPTION_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ minimum: MIN_EMBEDDING_THRESHOLD, maximum: 1, description: THRESHOLD_DOC })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(MIN_EMBEDDING_THRESHOLD) @Max(1)
  threshold?: number;

  @ApiPropertyOptional({ enum: BANK_ACTIONS, enumName: 'BankAction' }) @IsOptional() @IsIn(BANK_ACTIONS)
  action?: BankAction;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  enabled?: boolean;
}

/** An embedding bank. */
export class EmbeddingBankResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'removed-by-review' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ minimum: MIN_EMBEDDING_THRESHOLD, maximum: 1, example: 0.92, description: 'Least cosine similarity that matches.' }) threshold!: number;
  @ApiProperty({ enum: BANK_ACTIONS, enumName: 'BankAction' }) action!: BankAction;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ minimum: 0 }) entryCount!: number;
  @ApiProperty({ minimum: 0, description: 'Bumped by every change to the bank or its entries.' }) revision!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin key; null with auth off.' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

/** Every embedding bank, by name. */
export class EmbeddingBankListResponse {
  @ApiProperty({ type: [EmbeddingBankResponse] }) items!: EmbeddingBankResponse[];
}

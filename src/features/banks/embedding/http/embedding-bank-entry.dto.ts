import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_EMBEDDING_ENTRY_PAGE_SIZE, MAX_EMBEDDING_ENTRY_PAGE_SIZE } from '../embedding-bank-entries.service';
import { EMBEDDING_ENTRY_SOURCES, EmbeddingEntrySource } from '../embedding-bank-types';

/** Query of GET /v1/embedding-banks/:bank/entries. */
export class ListEmbeddingEntriesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_EMBEDDING_ENTRY_PAGE_SIZE, default: DEFAULT_EMBEDDING_ENTRY_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_EMBEDDING_ENTRY_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ pattern: '^[0-9]{1,10}$', description: 'The `nextCursor` of the previous page.' })
  @IsOptional() @IsString() @Matches(/^[0-9]{1,10}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'case 47', description: 'Entries whose label holds it (any case), or whose decision id starts with it (4 or more characters).' })
  @IsOptional() @IsString() @MaxLength(100)
  search?: string;
}

/** One picture in an embedding bank (its embedding is kept, not shown). */
export class EmbeddingBankEntryResponse {
  @ApiProperty({ minimum: 1, example: 42 }) id!: number;
  @ApiProperty({ format: 'uuid' }) bankId!: string;
  @ApiProperty({ format: 'uuid', description: 'The decision whose picture it is.' }) decisionId!: string;
  @ApiProperty({ example: 'sha256:…', description: 'The model that computed the embedding; an entry matches only while the server runs that model.' }) modelHash!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The remove verdict's note." }) note!: string | null;
  @ApiProperty({ enum: EMBEDDING_ENTRY_SOURCES, enumName: 'EmbeddingEntrySource', description: '`review`: added by a remove verdict.' }) source!: EmbeddingEntrySource;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The reviewer or admin key; null with auth off.' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** One page of entries, newest first. */
export class EmbeddingBankEntryPageResponse {
  @ApiProperty({ type: [EmbeddingBankEntryResponse] }) items!: EmbeddingBankEntryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' }) nextCursor!: string | null;
}

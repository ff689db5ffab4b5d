import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BANK_ENTRY_SOURCES, BankEntrySource, MAX_ENTRY_LABEL_LENGTH, MAX_ENTRY_NOTE_LENGTH } from '../bank-types';
import { DEFAULT_ENTRY_PAGE_SIZE, MAX_ENTRY_PAGE_SIZE } from '../bank-entries.service';

const ONE_LINE = /^[^\r\n]*$/;

/** What a person writes about an entry: a short label and a longer note. */
export class EntryMetaQuery {
  @ApiPropertyOptional({ maxLength: MAX_ENTRY_LABEL_LENGTH, example: 'case 4711', description: 'One line.' })
  @IsOptional() @IsString() @MaxLength(MAX_ENTRY_LABEL_LENGTH) @Matches(ONE_LINE, { message: 'label must be one line' })
  label?: string;

  @ApiPropertyOptional({ maxLength: MAX_ENTRY_NOTE_LENGTH })
  @IsOptional() @IsString() @MaxLength(MAX_ENTRY_NOTE_LENGTH)
  note?: string;
}

/** Body of POST /v1/banks/:bank/entries. */
export class AddEntryBody extends EntryMetaQuery {
  @ApiProperty({ pattern: '^[0-9a-fA-F]{64}$', example: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22', description: 'A PDQ hash: 64 hex digits (stored lower-case).' })
  @IsString() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'hash must be a PDQ hash: 64 hex digits' })
  hash!: string;
}

/** Query of GET /v1/banks/:bank/entries. */
export class ListEntriesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ENTRY_PAGE_SIZE, default: DEFAULT_ENTRY_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_ENTRY_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ pattern: '^[0-9]{1,10}$', description: 'The `nextCursor` of the previous page.' })
  @IsOptional() @IsString() @Matches(/^[0-9]{1,10}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'case 47', description: 'Entries whose hash starts with it, or whose label holds it (any case).' })
  @IsOptional() @IsString() @MaxLength(100)
  search?: string;
}

/** One hash in a bank. */
export class BankEntryResponse {
  @ApiProperty({ minimum: 1, example: 42 }) id!: number;
  @ApiProperty({ format: 'uuid' }) bankId!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) hash!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ enum: BANK_ENTRY_SOURCES, enumName: 'BankEntrySource' }) source!: BankEntrySource;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin key; null from the command line.' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** One page of entries, newest first. */
export class BankEntryPageResponse {
  @ApiProperty({ type: [BankEntryResponse] }) items!: BankEntryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' }) nextCursor!: string | null;
}

/** An entry added from an image. */
export class ImageEntryResponse {
  @ApiProperty({ type: BankEntryResponse }) entry!: BankEntryResponse;
  @ApiProperty({ minimum: 0, maximum: 100, description: "The image's PDQ quality; uploads below the bank's minQuality never match, whatever the entries." }) quality!: number;
}

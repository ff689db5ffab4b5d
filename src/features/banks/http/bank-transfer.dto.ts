import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { HASH_LIST_FORMATS, HashListFormat } from '../transfer/hash-list';
import { EntryMetaQuery } from './bank-entry.dto';

/** Query of POST /v1/banks/:bank/import. */
export class ImportQuery extends EntryMetaQuery {
  @ApiPropertyOptional({ enum: HASH_LIST_FORMATS, enumName: 'HashListFormat', description: 'Default: csv for a text/csv body, text for text/plain.' })
  @IsOptional() @IsIn(HASH_LIST_FORMATS)
  format?: HashListFormat;
}

/** Query of GET /v1/banks/:bank/export. */
export class ExportQuery {
  @ApiPropertyOptional({ enum: HASH_LIST_FORMATS, enumName: 'HashListFormat', default: 'text' })
  @IsOptional() @IsIn(HASH_LIST_FORMATS)
  format?: HashListFormat;
}

/** A line of an import that held no usable hash. */
export class InvalidLineResponse {
  @ApiProperty({ minimum: 1 }) line!: number;
  @ApiProperty({ example: 'not a PDQ hash (64 hex digits)' }) reason!: string;
}

/** How an import went. */
export class ImportReportResponse {
  @ApiProperty({ format: 'uuid' }) bankId!: string;
  @ApiProperty() bankName!: string;
  @ApiProperty({ enum: HASH_LIST_FORMATS, enumName: 'HashListFormat' }) format!: HashListFormat;
  @ApiProperty({ minimum: 0, description: 'Lines in the list, blank, comment and header lines included.' }) lines!: number;
  @ApiProperty({ minimum: 0 }) added!: number;
  @ApiProperty({ minimum: 0, description: 'Hashes the bank held already, or that the list repeated.' }) duplicates!: number;
  @ApiProperty({ minimum: 0, description: 'Lines that held no usable hash.' }) invalid!: number;
  @ApiProperty({ type: [InvalidLineResponse], description: 'The first 1000 invalid lines, with why.' }) invalidLines!: InvalidLineResponse[];
}

import { Controller, Delete, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RateLimited, RequestActor, Roles } from '../../../access';
import { ErrorResponse } from '../../../../shared/http/error-response.dto';
import { BankParam, EntryIdParam } from '../../http/bank-params';
import { EmbeddingBankEntriesService, EmbeddingEntryPageView } from '../embedding-bank-entries.service';
import { EmbeddingBankEntry } from '../embedding-bank-types';
import { EmbeddingBankEntryPageResponse, EmbeddingBankEntryResponse, ListEmbeddingEntriesQuery } from './embedding-bank-entry.dto';

/**
 * The pictures in an embedding bank: listed, searched and read by reviewers, removed by admins
 * (audited). Entries are added by remove verdicts (`addToBank` on POST /v1/review/items/:id/verdict).
 */
@ApiTags('banks')
@RateLimited('admin')
@Controller({ path: 'embedding-banks', version: '1' })
export class EmbeddingBankEntriesController {
  constructor(private readonly entries: EmbeddingBankEntriesService) {}

  @Get(':bank/entries')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listEmbeddingBankEntries', summary: "An embedding bank's entries, newest first; `search` by label or decision id" })
  @ApiOkResponse({ type: EmbeddingBankEntryPageResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  list(@BankParam() bank: string, @Query() query: ListEmbeddingEntriesQuery): Promise<EmbeddingEntryPageView> {
    return this.entries.page(bank, query);
  }

  @Get(':bank/entries/:entryId')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getEmbeddingBankEntry', summary: 'One entry of an embedding bank' })
  @ApiOkResponse({ type: EmbeddingBankEntryResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND or BANK_ENTRY_NOT_FOUND' })
  get(@BankParam() bank: string, @EntryIdParam() entryId: number): Promise<EmbeddingBankEntry> {
    return this.entries.get(bank, entryId);
  }

  @Delete(':bank/entries/:entryId')
  @Roles('admin')
  @ApiOperation({
    operationId: 'removeEmbeddingBankEntry',
    summary: 'Remove an entry from an embedding bank',
    description: 'Audited as `bank.entry.remove`. It stops matching before the answer in this server, within a second on the others (servers and workers).',
  })
  @ApiOkResponse({ type: EmbeddingBankEntryResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND or BANK_ENTRY_NOT_FOUND' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'PAYLOAD_TOO_LARGE (a JSON body over 100 KiB, which this route does not read)' })
  remove(@BankParam() bank: string, @EntryIdParam() entryId: number, @CurrentActor() actor: RequestActor): Promise<EmbeddingBankEntry> {
    return this.entries.remove(bank, entryId, actor);
  }
}

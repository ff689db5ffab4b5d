import { Body, Controller, Delete, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, RateLimited, RequestActor, Roles } from '../../access';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { readRequestUpload } from '../../../core/upload/read-request-upload';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { BankEntriesService, BankEntryPage, ImageEntry } from '../bank-entries.service';
import { BankEntry } from '../bank-types';
import { BankParam, EntryIdParam } from './bank-params';
import { AddEntryBody, BankEntryPageResponse, BankEntryResponse, EntryMetaQuery, ImageEntryResponse, ListEntriesQuery } from './bank-entry.dto';

/** The hashes in a bank: listed and searched by reviewers; added (by hash or image) and removed by admins, each audited. */
@ApiTags('banks')
@RateLimited('admin')
@Controller({ path: 'banks', version: '1' })
export class BankEntriesController {
  constructor(
    private readonly entries: BankEntriesService,
    @Inject(ModerationEngine) private readonly engine: ModerationEngine,
  ) {}

  @Get(':bank/entries')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listBankEntries', summary: "A bank's entries, newest first; `search` by hash prefix or label" })
  @ApiOkResponse({ type: BankEntryPageResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  list(@BankParam() bank: string, @Query() query: ListEntriesQuery): Promise<BankEntryPage> {
    return this.entries.page(bank, query);
  }

  @Post(':bank/entries')
  @Roles('admin')
  @ApiOperation({ operationId: 'addBankEntry', summary: 'Add a PDQ hash to a bank', description: 'Audited as `bank.entry.add`. It matches from the answer on in this server, within a second on the others.' })
  @ApiCreatedResponse({ type: BankEntryResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'BANK_ENTRY_EXISTS (the bank holds the hash; details.entryId is its entry)' })
  add(@BankParam() bank: string, @Body() body: AddEntryBody, @CurrentActor() actor: RequestActor): Promise<BankEntry> {
    return this.entries.add(bank, body, 'api', actor);
  }

  @Post(':bank/entries/image')
  @Roles('admin')
  @ApiOperation({
    operationId: 'addBankEntryFromImage',
    summary: "Add an image's PDQ hash to a bank (the image itself is not kept)",
    description: 'Send the image as multipart/form-data (field `file`) or as the raw body with its image Content-Type. The hash is the one a decision of the same bytes carries.',
  })
  @ApiConsumes('multipart/form-data', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heif', 'image/tiff', 'application/octet-stream')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiCreatedResponse({ type: ImageEntryResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'UPLOAD_MISSING or VALIDATION_FAILED' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'BANK_ENTRY_EXISTS (the bank holds the hash; details.entryId is its entry)' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'IMAGE_TOO_LARGE or IMAGE_TOO_MANY_PIXELS' })
  @ApiResponse({ status: 415, type: ErrorResponse, description: 'IMAGE_UNSUPPORTED_FORMAT' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'IMAGE_CORRUPT, IMAGE_EMPTY or IMAGE_DECODE_TIMEOUT' })
  async addImage(
    @BankParam() bank: string,
    @Query() query: EntryMetaQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentActor() actor: RequestActor,
  ): Promise<ImageEntry> {
    // Refused before the upload is read: an unknown bank costs no body.
    await this.entries.requireBank(bank);
    const bytes = await readRequestUpload(request, response, { field: 'file', maxBytes: this.engine.limits.maxBytes, allowRawBody: true });
    return this.entries.addImage(bank, bytes, this.engine.limits, query, actor);
  }

  @Get(':bank/entries/:entryId')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getBankEntry', summary: 'One entry of a bank' })
  @ApiOkResponse({ type: BankEntryResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND or BANK_ENTRY_NOT_FOUND' })
  get(@BankParam() bank: string, @EntryIdParam() entryId: number): Promise<BankEntry> {
    return this.entries.get(bank, entryId);
  }

  @Delete(':bank/entries/:entryId')
  @Roles('admin')
  @ApiOperation({ operationId: 'removeBankEntry', summary: 'Remove an entry from a bank', description: 'Audited as `bank.entry.remove`. It stops matching before the answer in this server, within a second on the others.' })
  @ApiOkResponse({ type: BankEntryResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND or BANK_ENTRY_NOT_FOUND' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'PAYLOAD_TOO_LARGE (a JSON body over 100 KiB, which this route does not read)' })
  remove(@BankParam() bank: string, @EntryIdParam() entryId: number, @CurrentActor() actor: RequestActor): Promise<BankEntry> {
    return this.entries.remove(bank, entryId, actor);
  }
}

import { once } from 'node:events';
import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, RateLimited, RequestActor, Roles } from '../../access';
import { MODERATION_MODULE_OPTIONS } from '../../../core/core.module-definition';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { BanksFeatureOptions, ResolvedBankOptions, resolveBankOptions } from '../bank-options';
import { BankTransferService, ImportReport } from '../bank-transfer.service';
import { BankParam } from './bank-params';
import { ExportQuery, ImportQuery, ImportReportResponse } from './bank-transfer.dto';
import { readHashListBody } from './read-hash-list-body';

const EXPORT_TYPES = { text: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/** Hash lists in and out of a bank, as hash-sharing programmes exchange them: plain text or CSV. */
@ApiTags('banks')
@RateLimited('admin')
@Controller({ path: 'banks', version: '1' })
export class BankTransferController {
  private readonly options: ResolvedBankOptions;

  constructor(
    private readonly transfer: BankTransferService,
    @Inject(MODERATION_MODULE_OPTIONS) options: BanksFeatureOptions,
  ) {
    this.options = resolveBankOptions(options);
  }

  @Post(':bank/import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'importBankEntries',
    summary: 'Import a hash list: text/plain (a hash per line, `#` comments) or text/csv (a header with `hash`, optional `label` and `note`)',
    description:
      'Hashes already in the bank count as duplicates; a line without a usable hash is counted and listed with its number and never stops the rest. ' +
      '`label` and `note` apply to entries whose line gives none. One transaction, audited as `bank.import` with the counts. ' +
      'Limits: MODERATION_BANK_IMPORT_MAX_BYTES (default 20 MiB) and MODERATION_BANK_IMPORT_MAX_LINES (default 100,000).',
  })
  @ApiConsumes('text/plain', 'text/csv')
  @ApiBody({ schema: { type: 'string' } })
  @ApiOkResponse({ type: ImportReportResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'BANK_IMPORT_TOO_LARGE (the list is over the byte limit), or PAYLOAD_TOO_LARGE (a JSON body over 100 KiB)' })
  @ApiResponse({ status: 415, type: ErrorResponse, description: 'BANK_IMPORT_UNSUPPORTED_TYPE (not text/plain or text/csv)' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'BANK_IMPORT_TOO_MANY_LINES (over the line limit) or BANK_IMPORT_INVALID (a CSV header without a hash column)' })
  async import(
    @BankParam() bank: string,
    @Query() query: ImportQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentActor() actor: RequestActor,
  ): Promise<ImportReport> {
    // Refused before the body is read: an unknown bank costs no upload.
    await this.transfer.requireBank(bank);
    const body = await readHashListBody(request, response, this.options.importMaxBytes);
    return this.transfer.import(bank, body.text, { format: query.format ?? body.format, label: query.label, note: query.note, maxLines: this.options.importMaxLines }, actor);
  }

  @Get(':bank/export')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'exportBankEntries', summary: "A bank's entries as a hash list, oldest first: text (a hash per line) or CSV (hash, label, note, source, created_at)" })
  @ApiProduces('text/plain', 'text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'The list; imports again as it is.' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  async export(@BankParam() bank: string, @Query() query: ExportQuery, @Res() response: Response): Promise<void> {
    const format = query.format ?? 'text';
    const exported = await this.transfer.export(bank, format);
    response
      .status(200)
      .setHeader('Content-Type', EXPORT_TYPES[format])
      .setHeader('Content-Disposition', `attachment; filename="${exported.bankName}.${format === 'csv' ? 'csv' : 'txt'}"`)
      .setHeader('Cache-Control', 'private, no-store');
    try {
      for await (const piece of exported.pieces) {
        if (piece.length > 0 && !response.write(piece)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
        // The client went away: stop reading the bank.
        if (response.destroyed) return;
      }
      response.end();
    } catch (error) {
      // The status line is out: all that can still tell the client the list is incomplete is a cut connection.
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

import { Body, Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RateLimited, RequestActor, Roles } from '../../../access';
import { ErrorResponse } from '../../../../shared/http/error-response.dto';
import { BankParam } from '../../http/bank-params';
import { EmbeddingBank } from '../embedding-bank-types';
import { EmbeddingBanksService } from '../embedding-banks.service';
import { CreateEmbeddingBankBody, EmbeddingBankListResponse, EmbeddingBankResponse, UpdateEmbeddingBankBody } from './embedding-bank.dto';

/**
 * Named banks of CLIP embeddings of pictures reviewers removed, each with its least similarity and
 * action. Reviewers may read (the console's bank picker lists them); changes are for admins, each
 * an audit event.
 */
@ApiTags('banks')
@RateLimited('admin')
@Controller({ path: 'embedding-banks', version: '1' })
export class EmbeddingBanksController {
  constructor(private readonly banks: EmbeddingBanksService) {}

  @Get()
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listEmbeddingBanks', summary: 'Every embedding bank, by name, with its settings and entry count' })
  @ApiOkResponse({ type: EmbeddingBankListResponse })
  async list(): Promise<EmbeddingBankListResponse> {
    return { items: await this.banks.list() };
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createEmbeddingBank', summary: 'Create an embedding bank', description: 'Audited as `bank.create` (subject type `embedding_bank`). Names are shared with the hash banks.' })
  @ApiCreatedResponse({ type: EmbeddingBankResponse })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'BANK_NAME_TAKEN (by a hash or an embedding bank)' })
  create(@Body() body: CreateEmbeddingBankBody, @CurrentActor() actor: RequestActor): Promise<EmbeddingBank> {
    return this.banks.create(body, actor);
  }

  @Get(':bank')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getEmbeddingBank', summary: 'One embedding bank, by id or name' })
  @ApiOkResponse({ type: EmbeddingBankResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  get(@BankParam() bank: string): Promise<EmbeddingBank> {
    return this.banks.get(bank);
  }

  @Patch(':bank')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateEmbeddingBank', summary: "Change an embedding bank's name, description or settings", description: 'Audited as `bank.update` with the settings before and after. Applies in this server before the answer, within a second on the others.' })
  @ApiOkResponse({ type: EmbeddingBankResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'BANK_NAME_TAKEN (by a hash or an embedding bank)' })
  update(@BankParam() bank: string, @Body() body: UpdateEmbeddingBankBody, @CurrentActor() actor: RequestActor): Promise<EmbeddingBank> {
    return this.banks.update(bank, body, actor);
  }

  @Delete(':bank')
  @Roles('admin')
  @ApiOperation({ operationId: 'deleteEmbeddingBank', summary: 'Delete an embedding bank and every entry in it', description: 'Audited as `bank.delete`; answers the bank as it was.' })
  @ApiOkResponse({ type: EmbeddingBankResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'PAYLOAD_TOO_LARGE (a JSON body over 100 KiB, which this route does not read)' })
  remove(@BankParam() bank: string, @CurrentActor() actor: RequestActor): Promise<EmbeddingBank> {
    return this.banks.remove(bank, actor);
  }
}

import { Body, Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RateLimited, RequestActor, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { HashBank } from '../bank-types';
import { HashBanksService } from '../hash-banks.service';
import { BankParam } from './bank-params';
import { CreateBankBody, HashBankListResponse, HashBankResponse, UpdateBankBody } from './hash-bank.dto';

/**
 * Named banks of PDQ hashes of known content, each with its distance threshold, action, minimum
 * quality and dihedral setting. Reviewers may read; changes are for admins, each an audit event.
 */
@ApiTags('banks')
@RateLimited('admin')
@Controller({ path: 'banks', version: '1' })
export class HashBanksController {
  constructor(private readonly banks: HashBanksService) {}

  @Get()
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listBanks', summary: 'Every hash bank, by name, with its settings and entry count' })
  @ApiOkResponse({ type: HashBankListResponse })
  async list(): Promise<HashBankListResponse> {
    return { items: await this.banks.list() };
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createBank', summary: 'Create a hash bank', description: 'Audited as `bank.create`. It matches from the answer on in this server, within a second on the others.' })
  @ApiCreatedResponse({ type: HashBankResponse })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'BANK_NAME_TAKEN' })
  create(@Body() body: CreateBankBody, @CurrentActor() actor: RequestActor): Promise<HashBank> {
    return this.banks.create(body, actor);
  }

  @Get(':bank')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getBank', summary: 'One hash bank, by id or name' })
  @ApiOkResponse({ type: HashBankResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  get(@BankParam() bank: string): Promise<HashBank> {
    return this.banks.get(bank);
  }

  @Patch(':bank')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateBank', summary: "Change a bank's name, description or settings", description: 'Audited as `bank.update` with the settings before and after.' })
  @ApiOkResponse({ type: HashBankResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'BANK_NAME_TAKEN' })
  update(@BankParam() bank: string, @Body() body: UpdateBankBody, @CurrentActor() actor: RequestActor): Promise<HashBank> {
    return this.banks.update(bank, body, actor);
  }

  @Delete(':bank')
  @Roles('admin')
  @ApiOperation({ operationId: 'deleteBank', summary: 'Delete a bank and every entry in it', description: 'Audited as `bank.delete`; answers the bank as it was.' })
  @ApiOkResponse({ type: HashBankResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'BANK_NOT_FOUND' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'PAYLOAD_TOO_LARGE (a JSON body over 100 KiB, which this route does not read)' })
  remove(@BankParam() bank: string, @CurrentActor() actor: RequestActor): Promise<HashBank> {
    return this.banks.remove(bank, actor);
  }
}

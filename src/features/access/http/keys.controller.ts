import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { auditActorOf, RequestActor } from '../auth/principal';
import { ApiKeyRepository, ApiKeyView } from '../auth/api-key.repository';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiKeyListResponse, ApiKeyResponse, CreateApiKeyBody, CreatedApiKeyResponse } from './api-key.dto';
import { Roles } from '../auth/roles.decorator';
import { UuidParam } from '../../../shared/http/uuid-param';
import { RateLimited } from '../rate-limit/rate-limited.decorator';


/** API keys (admins): create (the secret is shown once), list, revoke. Every change is audited. */
@ApiTags('keys')
@Roles('admin')
@RateLimited('admin')
@Controller({ path: 'keys', version: '1' })
export class KeysController {
  constructor(private readonly keys: ApiKeyRepository) {}

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key (the key is in this response only)' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED' })
  async create(@Body() body: CreateApiKeyBody, @CurrentActor() actor: RequestActor): Promise<CreatedApiKeyResponse> {
    const created = await this.keys.create({ name: body.name, role: body.role }, auditActorOf(actor.principal), actor.requestId);
    return { ...created.key, key: created.secret };
  }

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: 'List API keys, revoked ones included' })
  @ApiOkResponse({ type: ApiKeyListResponse })
  async list(): Promise<ApiKeyListResponse> {
    return { items: (await this.keys.list()).map(toResponse) };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key (it stops working at once; it is kept for the audit trail)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'API_KEY_NOT_FOUND' })
  async revoke(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<ApiKeyResponse> {
    return toResponse(await this.keys.revoke(id, auditActorOf(actor.principal), actor.requestId));
  }
}

function toResponse(view: ApiKeyView): ApiKeyResponse {
  return { ...view };
}

import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { RequestActor } from '../auth/principal';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CurrentKeyResponse } from './api-key.dto';
import { Roles } from '../auth/roles.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';

/** Who a key is: the review console signs in with it. */
@ApiTags('keys')
@RateLimited('admin')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  @Get('me')
  @Roles('submitter', 'reviewer')
  @ApiOperation({ operationId: 'getCurrentKey', summary: 'The API key this request was made with' })
  @ApiOkResponse({ type: CurrentKeyResponse })
  @ApiResponse({ status: 401, type: ErrorResponse, description: 'AUTH_REQUIRED or AUTH_INVALID_KEY' })
  me(@CurrentActor() actor: RequestActor): CurrentKeyResponse {
    const { principal } = actor;
    return { id: principal.keyId, name: principal.name, role: principal.role, authDisabled: principal.authDisabled };
  }
}

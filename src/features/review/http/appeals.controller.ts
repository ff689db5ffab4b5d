import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { AppealBody } from './review-request.dto';
import { AppealResponse } from './review.dto';
import { AppealsService } from '../appeals.service';
import { UuidParam } from '../../../shared/http/uuid-param';

/** Appeals: the app asks for a second look at a decision, on behalf of its user. */
@ApiTags('decisions')
@RateLimited('review')
@Controller({ path: 'decisions', version: '1' })
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post(':id/appeals')
  @Roles('submitter')
  @ApiOperation({
    operationId: 'createAppeal',
    summary: 'Appeal a decision',
    description: 'Opens an item in the `appeals` queue that no reviewer who already decided this decision can claim. Submitters may appeal only their own decisions.',
  })
  @ApiCreatedResponse({ type: AppealResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'DECISION_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'REVIEW_CONFLICT (the decision already has an open review item)' })
  create(@UuidParam('id') id: string, @Body() body: AppealBody, @CurrentActor() actor: RequestActor): Promise<AppealResponse> {
    return this.appeals.appeal(id, actor, body.reason ?? null);
  }
}

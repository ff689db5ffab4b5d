import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ModerationService } from '../../module/moderation.service';
import { toDecisionResponse } from '../decision-view';
import { DecisionPageResponse, DecisionResponse } from '../dto/decision.response';
import { ErrorResponse } from '../dto/error.response';
import { ListDecisionsQuery } from '../dto/list-decisions.query';
import { validationError } from '../validation-error';

/** The decision log: every decision with the scores and thresholds that produced it. */
@ApiTags('decisions')
@Controller({ path: 'decisions', version: '1' })
export class DecisionsController {
  constructor(private readonly moderation: ModerationService) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getDecision', summary: 'Get a decision' })
  @ApiOkResponse({ type: DecisionResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'DECISION_NOT_FOUND' })
  async get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => validationError([{ field: 'id', reasons: ['must be a UUID'] }]) })) id: string): Promise<DecisionResponse> {
    return toDecisionResponse(await this.moderation.getDecision(id));
  }

  @Get()
  @ApiOperation({ operationId: 'listDecisions', summary: 'List decisions, newest first' })
  @ApiOkResponse({ type: DecisionPageResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (bad filter or cursor)' })
  async list(@Query() query: ListDecisionsQuery): Promise<DecisionPageResponse> {
    const page = await this.moderation.listDecisions(
      { policy: query.policy, action: query.action, category: query.category, subject: query.subject, source: query.source, from: query.from, to: query.to },
      { limit: query.limit ?? 50, cursor: query.cursor },
    );
    return { items: page.items.map(toDecisionResponse), nextCursor: page.nextCursor };
  }
}

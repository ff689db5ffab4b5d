import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { ModerationService } from '../../../core/moderation.service';
import { toDecisionResponse } from '../../../core/http/decision-view';
import { DecisionPageResponse, DecisionResponse } from '../../../core/http/decision.dto';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { ListDecisionsQuery } from './list-decisions.dto';
import { UuidParam } from '../../../shared/http/uuid-param';
import { parseTimeFlag } from '../../../shared/time-window';

/** The decision log: every decision with the scores and thresholds that produced it. */
@ApiTags('decisions')
// Submitters see only the decisions made with their own key; reviewers and admins see all.
@Roles('submitter', 'reviewer')
@RateLimited('moderation')
@Controller({ path: 'decisions', version: '1' })
export class DecisionsController {
  constructor(private readonly moderation: ModerationService) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getDecision', summary: 'Get a decision' })
  @ApiOkResponse({ type: DecisionResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'DECISION_NOT_FOUND' })
  async get(
    @UuidParam('id') id: string,
    @CurrentActor() actor: RequestActor,
  ): Promise<DecisionResponse> {
    const decision = await this.moderation.getDecision(id);
    // Another submitter's decision is answered exactly like a missing one, so ids leak nothing.
    if (actor.principal.role === 'submitter' && decision.apiKeyId !== actor.principal.keyId) {
      throw new ModerationError(AppErrorCode.DecisionNotFound, `No decision with id "${id}"`, { id });
    }
    return toDecisionResponse(decision);
  }

  @Get()
  @ApiOperation({ operationId: 'listDecisions', summary: 'List decisions, newest first' })
  @ApiOkResponse({ type: DecisionPageResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (bad filter or cursor)' })
  async list(@Query() query: ListDecisionsQuery, @CurrentActor() actor: RequestActor): Promise<DecisionPageResponse> {
    const own = actor.principal.role === 'submitter' ? { apiKeyId: actor.principal.keyId } : {};
    // Read like the tuning routes' since/until (ISO-8601 or 7d), against one instant.
    const now = new Date();
    const from = query.from === undefined ? undefined : parseTimeFlag(query.from, 'from', now);
    const to = query.to === undefined ? undefined : parseTimeFlag(query.to, 'to', now);
    const page = await this.moderation.listDecisions(
      { policy: query.policy, action: query.action, category: query.category, subject: query.subject, source: query.source, from, to, ...own },
      { limit: query.limit ?? 50, cursor: query.cursor },
    );
    return { items: page.items.map(toDecisionResponse), nextCursor: page.nextCursor };
  }
}

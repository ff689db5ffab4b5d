import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { CreateEvaluationBody, ListEvaluationsQuery } from './tuning-request.dto';
import { EvaluationPageResponse, EvaluationResponse } from './evaluation.dto';
import { EvaluationSummaryView, EvaluationView, EvaluationsService } from '../tuning/evaluations.service';
import { UuidParam } from '../../../shared/http/uuid-param';
import { setHtmlReportHeaders } from './html-report-headers';

/**
 * Evaluations of a policy version on the decisions reviewers labelled: run one (admins), list,
 * read and open the HTML report (reviewers too).
 */
@ApiTags('tuning')
@RateLimited('admin')
@Controller({ path: 'tuning/evaluations', version: '1' })
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    operationId: 'createEvaluation',
    summary: 'Evaluate a policy version on reviewer-labelled decisions of a time range, and store the report',
    description:
      'Per category: precision, recall, F1 and FPR at the review and block thresholds, PR-AUC, ROC-AUC and confusion counts, ' +
      'from the embeddings stored with each decision (no image is needed). Labels: violating = positive, not_violating = negative, ' +
      'unsure = not labelled; the latest review of a decision wins.',
  })
  @ApiCreatedResponse({ type: EvaluationResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND' })
  create(@Body() body: CreateEvaluationBody, @CurrentActor() actor: RequestActor): Promise<EvaluationView> {
    return this.evaluations.create(body, actor);
  }

  @Get()
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listEvaluations', summary: 'Stored evaluations, newest first' })
  @ApiOkResponse({ type: EvaluationPageResponse })
  list(@Query() query: ListEvaluationsQuery): Promise<{ items: EvaluationSummaryView[]; nextCursor: string | null }> {
    return this.evaluations.list(query.policy, { limit: query.limit ?? 20, cursor: query.cursor });
  }

  @Get(':id')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getEvaluation', summary: 'A stored evaluation with its report (JSON)' })
  @ApiOkResponse({ type: EvaluationResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'EVALUATION_NOT_FOUND' })
  get(@UuidParam('id') id: string): Promise<EvaluationView> {
    return this.evaluations.get(id);
  }

  @Get(':id/report')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getEvaluationReport', summary: 'The evaluation as a self-contained HTML report (PR curves, histograms, confusion counts, examples)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'One HTML page, no script, nothing loaded from elsewhere.' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'EVALUATION_NOT_FOUND' })
  async report(@UuidParam('id') id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const html = await this.evaluations.html(id);
    setHtmlReportHeaders(response);
    return html;
  }
}

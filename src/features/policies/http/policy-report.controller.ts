import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { PolicyReportService } from '../report/policy-report.service';
import { setHtmlReportHeaders } from './html-report-headers';
import { PolicyReportQuery } from './policy-report-query.dto';

/** A policy's versions as one HTML page for the people who own and review it. */
@ApiTags('policies')
@RateLimited('admin')
@Controller({ path: 'policies', version: '1' })
export class PolicyReportController {
  constructor(private readonly reports: PolicyReportService) {}

  @Get(':id/report')
  @Roles('reviewer')
  @ApiOperation({
    operationId: 'getPolicyReport',
    summary: "The policy's versions as a self-contained HTML page: history, the diff between two versions, and the shadow report",
    description:
      'Diff defaults: the active version against the version in shadow when one is set, otherwise the version active before against the active one. ' +
      'The shadow report (when a version runs in shadow) covers `since` (default 7d). Errors are answered as JSON (the usual error body), not HTML.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'One HTML page, no script, nothing loaded from elsewhere.' })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (an unreadable `since`, a version too long), as JSON' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND (`from` or `to`), as JSON rather than HTML' })
  async report(@Param('id') id: string, @Query() query: PolicyReportQuery, @Res({ passthrough: true }) response: Response): Promise<string> {
    const html = await this.reports.html(id, query);
    setHtmlReportHeaders(response);
    return html;
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { ShadowReport } from '../../../tuning/shadow/shadow-report';
import { PromoteBody, ShadowBody, ShadowReportQuery } from './policy-version-request.dto';
import { PolicyStateResponse } from './policy-version.dto';
import { ShadowReportResponse } from './shadow-report.dto';
import { PolicyVersionsService } from '../versions/policy-versions.service';
import { ShadowReportsService } from '../tuning/shadow-reports.service';
import { toPolicyStateResponse } from './policy-views';

/**
 * Rolling a version out: run a candidate in shadow beside the active version on live traffic,
 * compare the two, and promote the candidate. Changes are for admins, each an audit event with the
 * admin's key and reason; the comparison is for reviewers too.
 */
@ApiTags('policies')
@RateLimited('admin')
@Controller({ path: 'policies', version: '1' })
export class PolicyRolloutController {
  constructor(
    private readonly versions: PolicyVersionsService,
    private readonly shadowReports: ShadowReportsService,
  ) {}

  @Put(':id/shadow')
  @Roles('admin')
  @ApiOperation({
    operationId: 'setShadowVersion',
    summary: 'Run a stored version in shadow beside the active one (null: stop)',
    description: 'Every fresh decision of the policy is then also scored under the shadow version and logged with mode `shadow`; only the active version acts.',
  })
  @ApiOkResponse({ type: PolicyStateResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'POLICY_STATE_CONFLICT (the active version, or a concurrent change)' })
  async shadow(@Param('id') id: string, @Body() body: ShadowBody, @CurrentActor() actor: RequestActor): Promise<PolicyStateResponse> {
    return toPolicyStateResponse(await this.versions.shadow(id, body.version, body.reason, actor));
  }

  @Post(':id/promote')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'promotePolicyVersion',
    summary: 'Make a stored version the one the policy enforces, from the next request on and across restarts',
    description: 'Audited as `policy.promote` with the key and the reason. Promoting the version in shadow ends the shadow.',
  })
  @ApiOkResponse({ type: PolicyStateResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'POLICY_STATE_CONFLICT (already active, or a concurrent change)' })
  async promote(@Param('id') id: string, @Body() body: PromoteBody, @CurrentActor() actor: RequestActor): Promise<PolicyStateResponse> {
    return toPolicyStateResponse(await this.versions.promote(id, body.version, body.reason, actor));
  }

  @Get(':id/shadow-report')
  @Roles('reviewer')
  @ApiOperation({
    operationId: 'getShadowReport',
    summary: 'Compare a shadow version with the enforced decisions beside it: agreement, flips per category, examples',
  })
  @ApiOkResponse({ type: ShadowReportResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (no shadow version, bad time)' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND' })
  shadowReport(@Param('id') id: string, @Query() query: ShadowReportQuery): Promise<ShadowReport> {
    return this.shadowReports.report(id, query);
  }
}

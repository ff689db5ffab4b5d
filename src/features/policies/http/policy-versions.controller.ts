import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access';
import { RequestActor } from '../../access';
import { RateLimited, Roles } from '../../access';
import { toPolicyResponse } from '../../../core/http/policy-view';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { PolicyResponse } from '../../../core/http/policy.dto';
import { PolicyVersionHistory } from '../versions/policy-version-history';
import { PolicyDiff } from '../versions/policy-diff';
import { DiffQuery, SubmitVersionBody } from './policy-version-request.dto';
import { PolicyDiffResponse, PolicyVersionHistoryResponse, SubmittedVersionResponse } from './policy-version.dto';
import { PolicyVersionsService, SubmissionResult } from '../versions/policy-versions.service';

/**
 * The history of a policy's versions (every version the database has seen: policy files as they
 * changed, candidate files, submitted candidates), one version in full, the diff between two, and
 * submitting a candidate. Reading is for reviewers too; submitting is for admins.
 */
@ApiTags('policies')
@RateLimited('admin')
@Controller({ path: 'policies', version: '1' })
export class PolicyVersionsController {
  constructor(private readonly versions: PolicyVersionsService) {}

  @Get(':id/versions')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'listPolicyVersions', summary: "A policy's versions, newest first, with the active and the shadow one" })
  @ApiOkResponse({ type: PolicyVersionHistoryResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND' })
  history(@Param('id') id: string): Promise<PolicyVersionHistory> {
    return this.versions.history(id);
  }

  // Declared before ':id/versions/:version' so "diff" is never taken for a version.
  @Get(':id/versions/diff')
  @Roles('reviewer')
  @ApiOperation({
    operationId: 'diffPolicyVersions',
    summary: 'What changed between two versions: prompts added and removed per category, thresholds, scoring, shadow',
    description: 'Defaults: `from` the active version, `to` the version in shadow.',
  })
  @ApiOkResponse({ type: PolicyDiffResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND' })
  diff(@Param('id') id: string, @Query() query: DiffQuery): Promise<PolicyDiff> {
    return this.versions.diff(id, query.from, query.to);
  }

  @Get(':id/versions/:version')
  @Roles('reviewer')
  @ApiOperation({ operationId: 'getPolicyVersion', summary: 'One stored version in full (to write a promoted version back into its file, say)' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND' })
  async version(@Param('id') id: string, @Param('version') version: string): Promise<PolicyResponse> {
    return toPolicyResponse(await this.versions.version(id, version));
  }

  @Post(':id/versions')
  @Roles('admin')
  @ApiOperation({
    operationId: 'submitPolicyVersion',
    summary: 'Store a candidate version (YAML or JSON), validated with the policy parser; optionally run it in shadow',
    description: 'Answers 201 for a new version, 200 when this exact version was already stored. Enforces nothing until promoted.',
  })
  @ApiCreatedResponse({ type: SubmittedVersionResponse })
  @ApiOkResponse({ type: SubmittedVersionResponse, description: 'The version was already stored.' })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'POLICY_CANDIDATE_INVALID or VALIDATION_FAILED' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND' })
  async submit(
    @Param('id') id: string,
    @Body() body: SubmitVersionBody,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SubmissionResult> {
    const result = await this.versions.submit(id, body, actor);
    response.status(result.created ? 201 : 200);
    return result;
  }
}

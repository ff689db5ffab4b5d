import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimited, Roles } from '../../access';
import { toPolicyResponse } from '../../../core/http/policy-view';
import { ModerationService } from '../../../core/moderation.service';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { PolicyListResponse, PolicyResponse } from '../../../core/http/policy.dto';

/** The loaded policies, with their prompts and thresholds, in their active versions. */
@ApiTags('policies')
// Prompts and thresholds are a map of how to evade the policy: people who review, not every submitter.
@Roles('reviewer')
@RateLimited('admin')
@Controller({ path: 'policies', version: '1' })
export class PoliciesController {
  constructor(private readonly moderation: ModerationService) {}

  @Get()
  @ApiOperation({ operationId: 'listPolicies', summary: 'List loaded policies' })
  @ApiOkResponse({ type: PolicyListResponse })
  list(): PolicyListResponse {
    return { items: this.moderation.listPolicies().map((policy) => toPolicyResponse(policy, this.moderation.getShadowPolicy(policy.id))) };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getPolicy', summary: 'Get a loaded policy' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND' })
  get(@Param('id') id: string): PolicyResponse {
    const policy = this.moderation.getPolicy(id);
    return toPolicyResponse(policy, this.moderation.getShadowPolicy(policy.id));
  }
}

/** A policy as the API shows it: the active version (possibly promoted), and the version in shadow. */

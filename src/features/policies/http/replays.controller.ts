import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { CreateReplayBody } from './tuning-request.dto';
import { ReplayResponse } from './replay.dto';
import { ReplayResult, ReplaysService } from '../tuning/replays.service';

/** What a candidate policy would have done to past decisions (admins). */
@ApiTags('tuning')
@Roles('admin')
@RateLimited('admin')
@Controller({ path: 'tuning/replays', version: '1' })
export class ReplaysController {
  constructor(private readonly replays: ReplaysService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'replayPolicy',
    summary: 'Replay stored decisions under a candidate policy (YAML or JSON) and report the flips per category with example decision ids',
    description: 'Scores come from the embeddings stored with each decision; reviewer labels are used where decisions have them. Nothing is stored or changed.',
  })
  @ApiOkResponse({ type: ReplayResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'POLICY_CANDIDATE_INVALID or VALIDATION_FAILED' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND (the candidate names no loaded policy)' })
  replay(@Body() body: CreateReplayBody): Promise<ReplayResult> {
    return this.replays.replay(body);
  }
}

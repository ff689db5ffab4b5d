import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { SuggestThresholdsBody } from './tuning-request.dto';
import { ThresholdSuggestionsResponse } from './suggestion.dto';
import { ThresholdSuggestions, ThresholdSuggestionsService } from '../tuning/threshold-suggestions.service';

/** Thresholds that reach a target on live traffic (admins). */
@ApiTags('tuning')
@Roles('admin')
@RateLimited('admin')
@Controller({ path: 'tuning/threshold-suggestions', version: '1' })
export class ThresholdSuggestionsController {
  constructor(private readonly suggestions: ThresholdSuggestionsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'suggestThresholds',
    summary: 'Suggest thresholds that reach precision, recall or FPR targets on reviewer labels, or a daily volume on stored decisions',
    description: 'Each suggestion says what it achieves and how many past decisions would change action were only that threshold moved. Nothing is changed.',
  })
  @ApiOkResponse({ type: ThresholdSuggestionsResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (a target, a category, a time)' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND' })
  suggest(@Body() body: SuggestThresholdsBody): Promise<ThresholdSuggestions> {
    return this.suggestions.suggest(body);
  }
}

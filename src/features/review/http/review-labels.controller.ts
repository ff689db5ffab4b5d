import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RateLimited, Roles } from '../../access';
import { ListLabelsQuery } from './review-request.dto';
import { LabelPageResponse } from './review.dto';
import { ReviewLabelsService } from '../review-labels.service';

/** Reviewers' labels per category: the data policy tuning learns from. */
@ApiTags('review')
@Roles('reviewer')
@RateLimited('review')
@Controller({ path: 'review/labels', version: '1' })
export class ReviewLabelsController {
  constructor(private readonly labels: ReviewLabelsService) {}

  @Get()
  @ApiOperation({ operationId: 'listReviewLabels', summary: 'List labels, newest first' })
  @ApiOkResponse({ type: LabelPageResponse })
  list(@Query() query: ListLabelsQuery): Promise<LabelPageResponse> {
    return this.labels.list(
      { decisionId: query.decisionId?.toLowerCase(), categoryId: query.categoryId, label: query.label, reviewerId: query.reviewerId?.toLowerCase() },
      { limit: query.limit ?? 100, cursor: query.cursor },
    );
  }
}

import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RateLimited, Roles } from '../../access';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { UuidParam } from '../../../shared/http/uuid-param';
import { DecisionImagesService } from '../decision-images.service';
import { sendImage } from './send-image';

/** A past decision's retained image, for the blurred thumbnails of search hits and similar items. */
@ApiTags('review')
@Roles('reviewer')
@RateLimited('review')
@Controller({ path: 'decisions', version: '1' })
export class DecisionImagesController {
  constructor(private readonly images: DecisionImagesService) {}

  @Get(':id/image')
  @ApiOperation({
    operationId: 'getDecisionImage',
    summary: "A decision's image, while the image store still holds it (reviewers and admins)",
    description:
      'Only pictures kept for a review are in the store, until retention purges them: a search hit says so with `imageRetained`. ' +
      'No lease is needed (unlike `getReviewItemImage`). Served with `Cache-Control: private, no-store`; the console shows it blurred until a reviewer reveals it.',
  })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heif', 'image/tiff')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'DECISION_NOT_FOUND or IMAGE_NOT_STORED (the bytes were never kept: no review needed them)' })
  @ApiResponse({ status: 410, type: ErrorResponse, description: 'IMAGE_PURGED (retention removed the bytes; the decision and its scores remain)' })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'IMAGE_STORE_UNAVAILABLE (the image store, a folder, the database or S3, does not answer; retry)' })
  async image(@UuidParam('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return sendImage(response, await this.images.image(id));
  }
}

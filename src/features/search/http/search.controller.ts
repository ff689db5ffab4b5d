import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RateLimited, Roles } from '../../access';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { readRequestUpload } from '../../../core/upload/read-request-upload';
import { abortOnClientClose } from '../../../shared/http/abort-on-client-close';
import { ErrorResponse } from '../../../shared/http/error-response.dto';
import { DecisionSearchService, SearchPage } from '../decision-search.service';
import { SearchBody, SearchFiltersBody, SearchPageResponse } from './search.dto';

const SCAN_NOTE =
  'Every enforce-mode decision made with the loaded model is ranked by the cosine similarity of its stored image embedding to the query, ' +
  'within the filters; decisions recorded by workers or other servers, and reviews closed there, are read in before each search.';

/** Search of past traffic by text or by example (reviewers and admins). */
@ApiTags('search')
@Roles('reviewer')
@RateLimited('review')
@Controller({ path: 'search', version: '1' })
export class SearchController {
  constructor(
    private readonly search: DecisionSearchService,
    private readonly engine: ModerationEngine,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'searchDecisions',
    summary: 'Search stored decisions by text or by an example decision',
    description: `Give \`text\` (a description, encoded by the model's text encoder) or \`decisionId\` (a stored decision whose image is the example), not both. ${SCAN_NOTE}`,
  })
  @ApiOkResponse({ type: SearchPageResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (neither or both of text and decisionId, a bad filter, or a cursor from another search)' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'DECISION_NOT_FOUND (no decision with that decisionId)' })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'DATABASE_UNAVAILABLE (the decision log does not answer; retry)' })
  searchDecisions(@Body() body: SearchBody): Promise<SearchPage> {
    return this.search.search(body);
  }

  @Post('by-image')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'searchDecisionsByImage',
    summary: 'Search stored decisions by an uploaded image',
    description:
      'Send the image as multipart/form-data (field `file`) or as the raw request body with its image Content-Type, and the filters in the query string. ' +
      `The image is embedded by the model; no decision is recorded for it. ${SCAN_NOTE} A next page needs the same image again.`,
  })
  @ApiConsumes('multipart/form-data', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heif', 'image/tiff', 'application/octet-stream')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOkResponse({ type: SearchPageResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'VALIDATION_FAILED (a bad filter, or a cursor from another search) or UPLOAD_MISSING' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'IMAGE_TOO_LARGE or IMAGE_TOO_MANY_PIXELS' })
  @ApiResponse({ status: 415, type: ErrorResponse, description: 'IMAGE_UNSUPPORTED_FORMAT' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'IMAGE_CORRUPT, IMAGE_EMPTY or IMAGE_DECODE_TIMEOUT' })
  @ApiResponse({
    status: 503,
    type: ErrorResponse,
    description: 'ENGINE_OVERLOADED (more images waiting than the server admits; `Retry-After` says when to try again), INFERENCE_FAILED (retry) or DATABASE_UNAVAILABLE (retry)',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying (ENGINE_OVERLOADED)', schema: { type: 'integer' } } },
  })
  async searchByImage(@Query() query: SearchFiltersBody, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SearchPage> {
    // A full engine answers before the upload is read.
    this.engine.assertAdmits();
    const signal = abortOnClientClose(response);
    const bytes = await readRequestUpload(request, response, { field: 'file', maxBytes: this.engine.limits.maxBytes, allowRawBody: true });
    return this.search.searchByImage(bytes, query, signal);
  }
}

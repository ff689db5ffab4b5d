import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { MetricsRegistry } from '../../../core/metrics/metrics-registry';
import { toHttpException } from '../../../shared/http/error-body';
import { METRICS_OPTIONS, MetricsOptions } from '../metrics-options';
import { METRICS_CHALLENGE, metricsRefusal } from '../metrics-token';

/**
 * `GET /metrics` in the Prometheus text format, outside the versioned API and outside the API keys
 * (a scraper holds no API key): open, or behind `MODERATION_METRICS_TOKEN`. Left out of the
 * OpenAPI document, like the other pages that are not the API (docs, console).
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const refusal = metricsRefusal(authorization, this.options.token);
    if (refusal) {
      response.setHeader('WWW-Authenticate', METRICS_CHALLENGE);
      throw toHttpException(refusal);
    }
    const text = await this.metrics.render();
    response.status(200).setHeader('Content-Type', this.metrics.contentType).setHeader('Cache-Control', 'no-store').end(text);
  }
}

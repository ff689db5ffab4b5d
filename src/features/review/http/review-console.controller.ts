import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { ConsoleAsset, ConsoleAssets, loadConsoleAssets } from '../console/console-assets';
import { renderConsolePage } from '../console/console-page';
import { REPORT_STYLE_SOURCE } from '../console/report-style-hash';

/**
 * Only this server's own script, style and (blob) images; no inline script, no framing. The
 * console handles images of harmful content and an API key, so it gets the strictest policy.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // The evaluation reports the console opens (blob: documents inherit this policy) carry one inline stylesheet.
  `style-src 'self' ${REPORT_STYLE_SOURCE}`,
  "img-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The review console at `/review`: one server-rendered page and a small vanilla script. The page
 * and its files are public (they hold no data); every call the script makes needs the reviewer's
 * key, and images come from the authenticated `GET /v1/review/items/:id/image`.
 */
@ApiExcludeController()
@Public()
@Controller('review')
export class ReviewConsoleController {
  private readonly assets: ConsoleAssets = loadConsoleAssets();
  private readonly page: string = renderConsolePage(this.assets);

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('X-Frame-Options', 'DENY')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  index(): string {
    return this.page;
  }

  @Get('js/:file')
  script(@Param('file') file: string, @Res() response: Response): void {
    const asset = this.assets.scripts.get(file);
    if (!asset) throw new NotFoundException(`The review console has no script "${file}"`);
    send(response, asset);
  }

  @Get('console.css')
  style(@Res() response: Response): void {
    send(response, this.assets.style);
  }

  @Get('icon.svg')
  icon(@Res() response: Response): void {
    send(response, this.assets.icon);
  }
}

function send(response: Response, asset: ConsoleAsset): void {
  // The page links each file with its content hash, so a cached copy is never stale.
  response
    .status(200)
    .setHeader('Content-Type', asset.contentType)
    .setHeader('Cache-Control', 'public, max-age=31536000, immutable')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .end(asset.body);
}

import { Controller, Get, Header, NotFoundException, Param, Res, applyDecorators } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { ConsoleAsset, ConsoleAssets, loadConsoleAssets } from '../console/console-assets';
import { renderBanksPage } from '../console/banks-page';
import { renderConsolePage } from '../console/console-page';
import { renderSearchPage } from '../console/search-page';
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
 * The review console at `/review`, its search page at `/review/search` and its banks page at
 * `/review/banks`: server-rendered pages and small vanilla scripts. They and their files are
 * public (they hold no data); every call the scripts make needs the reviewer's key, and images
 * come from the authenticated `GET /v1/review/items/:id/image` and `GET /v1/decisions/:id/image`.
 */
@ApiExcludeController()
@Public()
@Controller('review')
export class ReviewConsoleController {
  private readonly assets: ConsoleAssets = loadConsoleAssets();
  private readonly page: string = renderConsolePage(this.assets);
  private readonly searchPage: string = renderSearchPage(this.assets);
  private readonly banksPage: string = renderBanksPage(this.assets);

  @Get()
  @PageHeaders()
  index(): string {
    return this.page;
  }

  /** Search of past uploads (reviewers and admins: the script's calls need their key). */
  @Get('search')
  @PageHeaders()
  search(): string {
    return this.searchPage;
  }

  /** Hash and embedding banks: read by reviewers, changed by admins (the API checks each call). */
  @Get('banks')
  @PageHeaders()
  banks(): string {
    return this.banksPage;
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

/** The headers of the console's HTML pages. */
function PageHeaders(): MethodDecorator {
  return applyDecorators(
    Header('Content-Type', 'text/html; charset=utf-8'),
    Header('Cache-Control', 'no-cache'),
    Header('Content-Security-Policy', CONTENT_SECURITY_POLICY),
    Header('X-Frame-Options', 'DENY'),
    Header('Referrer-Policy', 'no-referrer'),
    Header('X-Content-Type-Options', 'nosniff'),
  );
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

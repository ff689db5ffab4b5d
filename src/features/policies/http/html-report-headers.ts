import type { Response } from 'express';

/**
 * A report page holds no script and loads nothing: inline styles and (for CLI reports with
 * thumbnails) data: images are all it may use.
 */
export const REPORT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Marks the answer as an HTML report page. Call it only once the page exists: until then an error
 * must still go out as the usual JSON body.
 */
export function setHtmlReportHeaders(response: Response): void {
  response
    .setHeader('Content-Type', 'text/html; charset=utf-8')
    .setHeader('Content-Security-Policy', REPORT_CONTENT_SECURITY_POLICY)
    .setHeader('Cache-Control', 'private, no-store')
    .setHeader('X-Content-Type-Options', 'nosniff');
}

import type { ModerationClient } from './client';
import { isModerationApiError } from './errors';
import type { ModerationRequest, ModerationResponse, UploadedFile } from './express-request';
import type { Decision } from './types';

export type { ModerationRequest, ModerationResponse, UploadModeration, UploadedFile, WebhookRequest } from './express-request';
export { verifyWebhookRequests } from './express-webhooks';
export type { VerifyWebhookRequestsOptions } from './express-webhooks';

/** Options of {@link moderateUploads}. */
export interface ModerateUploadsOptions<R extends ModerationRequest = ModerationRequest, S extends ModerationResponse = ModerationResponse> {
  readonly client: ModerationClient;
  /** The multipart field holding the files. Default `file`. */
  readonly field?: string;
  readonly policy?: string;
  readonly source?: string;
  /** Who uploaded, from the request (e.g. the session's user id). */
  readonly subject?: (request: R) => string | undefined;
  /**
   * When the moderation server cannot be reached (network error, timeout, 5xx): `true` lets the
   * request through with `request.moderation.unavailable = true`; `false` (the default) answers 503.
   */
  readonly failOpen?: boolean;
  /**
   * `true` (the default) refuses a request with no file in `field` with 400 `UPLOAD_MISSING`;
   * `false` runs the next handler with no decisions, for routes where the file is optional.
   */
  readonly required?: boolean;
  /**
   * Answers a blocked upload instead of the default 422 `CONTENT_BLOCKED` (code, message and
   * decision id only). The decision holds the category scores and thresholds: keep them for your
   * logs and moderators, since an uploader who sees them learns how far to alter an image to pass.
   */
  readonly onBlocked?: (request: R, response: S, decision: Decision) => void | Promise<void>;
}

const RANK = { allow: 0, review: 1, block: 2 } as const;

/**
 * Express middleware that moderates the files a previous multer middleware parsed (memory
 * storage). A request without a file answers 400 `UPLOAD_MISSING` (unless `required: false`); a
 * `block` decision answers 422 `CONTENT_BLOCKED` with the decision id and no scores (or calls
 * `onBlocked`); otherwise the decisions are on `request.moderation` and the next handler runs.
 *
 * @example
 * app.post('/avatar', multer().single('file'), moderateUploads({ client, field: 'file', policy: 'default' }), saveAvatar);
 */
export function moderateUploads<R extends ModerationRequest, S extends ModerationResponse = ModerationResponse>(options: ModerateUploadsOptions<R, S>) {
  const field = options.field ?? 'file';
  return async (request: R, response: S, next: (error?: unknown) => void): Promise<void> => {
    const files = filesOf(request, field);
    if (files.length === 0) {
      if (options.required === false) {
        request.moderation = { decisions: [], unavailable: false };
        next();
      } else {
        response.status(400).json({ statusCode: 400, code: 'UPLOAD_MISSING', message: `The request has no file in the "${field}" field` });
      }
      return;
    }
    try {
      const decisions: Decision[] = [];
      for (const file of files) {
        decisions.push(
          await options.client.moderate(file.buffer, {
            policy: options.policy,
            source: options.source,
            subject: options.subject?.(request),
            filename: file.originalname,
          }),
        );
      }
      const worst = decisions.reduce((a, b) => (RANK[b.action] > RANK[a.action] ? b : a));
      if (worst.action === 'block') {
        if (options.onBlocked) await options.onBlocked(request, response, worst);
        else response.status(422).json({ statusCode: 422, code: 'CONTENT_BLOCKED', message: 'The upload was refused by the content policy', decisionId: worst.id });
        return;
      }
      request.moderation = { decisions, decision: worst, unavailable: false };
      next();
    } catch (error) {
      const unreachable = isModerationApiError(error) && (error.status === 0 || error.status >= 500);
      if (unreachable && options.failOpen) {
        request.moderation = { decisions: [], unavailable: true };
        next();
        return;
      }
      if (unreachable) {
        response.status(503).json({ statusCode: 503, code: 'MODERATION_UNAVAILABLE', message: 'The moderation service could not be reached; try again later.' });
        return;
      }
      if (isModerationApiError(error)) {
        // The server refused the upload itself (unsupported format, too large): pass its answer on.
        response.status(error.status).json(error.body ?? { statusCode: error.status, code: error.code, message: error.message });
        return;
      }
      next(error);
    }
  };
}

function filesOf(request: ModerationRequest, field: string): UploadedFile[] {
  const found: UploadedFile[] = [];
  if (request.file && (request.file.fieldname === undefined || request.file.fieldname === field)) found.push(request.file);
  if (Array.isArray(request.files)) found.push(...request.files.filter((file) => file.fieldname === undefined || file.fieldname === field));
  else if (request.files) found.push(...(request.files[field] ?? []));
  return found;
}

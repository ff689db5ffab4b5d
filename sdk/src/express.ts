import type { ModerationClient } from './client';
import { isModerationApiError } from './errors';
import type { Decision } from './types';

/** A file as multer (memory storage) leaves it on the request. */
export interface UploadedFile {
  readonly buffer: Uint8Array;
  readonly fieldname?: string;
  readonly originalname?: string;
  readonly mimetype?: string;
}

/** What the middleware attaches to the request. */
export interface UploadModeration {
  /** One decision per moderated file, in upload order; empty when moderation was skipped. */
  readonly decisions: Decision[];
  /** The most severe decision, when there is one. */
  readonly decision?: Decision;
  /** True when the server could not be reached and `failOpen` let the request through. */
  readonly unavailable: boolean;
}

/** The parts of an Express request the middleware reads and writes. */
export interface ModerationRequest {
  file?: UploadedFile;
  files?: UploadedFile[] | Record<string, UploadedFile[]>;
  headers: Record<string, string | string[] | undefined>;
  moderation?: UploadModeration;
}

/** The parts of an Express response the middleware uses. */
export interface ModerationResponse {
  status(code: number): ModerationResponse;
  json(body: unknown): unknown;
}

/** Options of {@link moderateUploads}. */
export interface ModerateUploadsOptions<R extends ModerationRequest = ModerationRequest> {
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
}

const RANK = { allow: 0, review: 1, block: 2 } as const;

/**
 * Express middleware that moderates the files a previous multer middleware parsed (memory
 * storage). A `block` decision answers 422 `CONTENT_BLOCKED` with the categories and decision id;
 * otherwise the decisions are on `request.moderation` and the next handler runs.
 *
 * @example
 * app.post('/avatar', multer().single('file'), moderateUploads({ client, field: 'file', policy: 'default' }), saveAvatar);
 */
export function moderateUploads<R extends ModerationRequest>(options: ModerateUploadsOptions<R>) {
  const field = options.field ?? 'file';
  return async (request: R, response: ModerationResponse, next: (error?: unknown) => void): Promise<void> => {
    const files = filesOf(request, field);
    if (files.length === 0) {
      request.moderation = { decisions: [], unavailable: false };
      next();
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
        const categories = worst.categories
          .filter((category) => !category.shadow && category.action === 'block')
          .map((category) => ({ id: category.id, score: category.score, threshold: category.thresholds.block }));
        response.status(422).json({ statusCode: 422, code: 'CONTENT_BLOCKED', message: 'The upload was blocked by the moderation policy', decisionId: worst.id, categories });
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

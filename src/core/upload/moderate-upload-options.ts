import type { Request } from 'express';

/** How the upload hook moderates a route's uploads. */
export interface ModerateUploadOptions {
  /** Multipart field holding the file. Default `file`. */
  readonly field?: string;
  /** Policy id. Default: the module's default policy. */
  readonly policy?: string;
  /** Where the upload comes from in the app; stored with the decision. */
  readonly source?: string;
  /** Derives the subject (who uploaded) from the request, e.g. the signed-in user's id. */
  readonly subject?: (request: Request) => string | undefined;
  /** Keep the bytes of `review` uploads so they can wait for a reviewer. Default false. */
  readonly holdOnReview?: boolean;
}

/** Metadata key under which {@link ModerateUpload} stores its options. */
export const MODERATE_UPLOAD_OPTIONS = 'moderation:upload-options';

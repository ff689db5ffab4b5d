import type { Decision } from './types';
import type { DecisionEvent } from './webhook';

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

/** The parts of an Express request the upload middleware reads and writes. */
export interface ModerationRequest {
  file?: UploadedFile;
  files?: UploadedFile[] | Record<string, UploadedFile[]>;
  headers: Record<string, string | string[] | undefined>;
  moderation?: UploadModeration;
}

/** The parts of an Express response the middlewares use. */
export interface ModerationResponse {
  status(code: number): ModerationResponse;
  json(body: unknown): unknown;
}

/**
 * The parts of an Express request the webhook middleware reads and writes: the body as a body
 * parser left it (a Buffer from `express.raw`, or nothing), else the stream itself.
 */
export interface WebhookRequest extends AsyncIterable<Uint8Array | string> {
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  readonly readableEnded?: boolean;
  moderationEvent?: DecisionEvent;
}

// Express's request type extends the global `Express.Request` so that middlewares can declare what
// they add (multer and passport do the same). Merging here, rather than into
// 'express-serve-static-core', needs no Express types to resolve: apps without Express type-check.
declare global {
  namespace Express {
    interface Request {
      /** The decisions `moderateUploads` made for this request's files. */
      moderation?: UploadModeration;
      /** The verified event, set by `verifyWebhookRequests`. */
      moderationEvent?: DecisionEvent;
    }
  }
}

import { ModerationErrorCode } from './moderation-error-code';

/** Extra facts attached to an error, safe to show to the caller (never stack traces or paths of secrets). */
export type ModerationErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The one error type the engine throws on purpose. Anything else escaping the engine is a bug.
 * `code` is stable; `message` is for people and may change.
 */
export class ModerationError extends Error {
  override readonly name = 'ModerationError';

  constructor(
    readonly code: ModerationErrorCode,
    message: string,
    readonly details: ModerationErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** A plain object for logs and JSON responses. */
  toJSON(): { code: ModerationErrorCode; message: string; details: ModerationErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `error` is a ModerationError, optionally with the given code. */
export function isModerationError(error: unknown, code?: ModerationErrorCode): error is ModerationError {
  return error instanceof ModerationError && (code === undefined || error.code === code);
}

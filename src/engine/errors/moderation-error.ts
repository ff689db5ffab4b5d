import { ModerationErrorCode } from './moderation-error-code';

/** Extra facts attached to an error, safe to show to the caller (never stack traces or paths of secrets). */
export type ModerationErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The one error type thrown on purpose, by the engine (with a {@link ModerationErrorCode}) and by
 * the app around it (with its own codes). Anything else escaping is a bug. `code` is stable;
 * `message` is for people and may change.
 */
export class ModerationError<Code extends string = ModerationErrorCode> extends Error {
  override readonly name = 'ModerationError';

  constructor(
    readonly code: Code,
    message: string,
    readonly details: ModerationErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** A plain object for logs and JSON responses. */
  toJSON(): { code: Code; message: string; details: ModerationErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `error` is a ModerationError, optionally with the given code. */
export function isModerationError<Code extends string = string>(error: unknown, code?: Code): error is ModerationError<Code> {
  return error instanceof ModerationError && (code === undefined || error.code === code);
}

/** What the server (or the network) said when a call failed. */
export interface ModerationApiErrorInit {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly requestId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

// A registry symbol, not a module-level one: the ESM and CommonJS builds (and the Express entry of
// the CommonJS build) each hold their own copy of the class, and an app may load more than one.
const BRAND = Symbol.for('@clip-moderation/sdk.ModerationApiError');

/**
 * The one error the client throws for a failed call. `code` is the server's stable error code
 * (`IMAGE_UNSUPPORTED_FORMAT`, `POLICY_NOT_FOUND`, …), or `NETWORK_ERROR` / `TIMEOUT` when no
 * answer came; `status` is the HTTP status (0 without an answer).
 */
export class ModerationApiError extends Error {
  override readonly name = 'ModerationApiError';
  readonly code: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  /** The whole error body, for fields beyond the common ones (a blocked upload's `categories`). */
  readonly body: unknown;

  constructor(init: ModerationApiErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details ?? {};
    this.body = init.body;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `instanceof` holds for errors from any copy of the SDK, not only this class object. */
  static [Symbol.hasInstance](value: unknown): value is ModerationApiError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** True when `error` is a {@link ModerationApiError}, optionally with the given code. */
export function isModerationApiError(error: unknown, code?: string): error is ModerationApiError {
  return error instanceof ModerationApiError && (code === undefined || error.code === code);
}

/** What the server (or the network) said when a call failed. */
export interface ModerationApiErrorInit {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly requestId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

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
  }
}

/** True when `error` is a {@link ModerationApiError}, optionally with the given code. */
export function isModerationApiError(error: unknown, code?: string): error is ModerationApiError {
  return error instanceof ModerationApiError && (code === undefined || error.code === code);
}

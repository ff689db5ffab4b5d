/**
 * A failure worth retrying: the network dropped, the connection closed early, a timeout fired, or the
 * hub answered 408/429/5xx. Internal to the hub client; callers only ever see a ModerationError.
 */
export class HubTransientError extends Error {
  override readonly name = 'HubTransientError';

  constructor(
    message: string,
    /** How long the server asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Short text for logs: the message plus the network-level reason undici hides in `cause`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message && !error.message.includes(cause.message)) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}

/** Wraps anything thrown by fetch or a body read (all network-level) as retryable. */
export function asTransient(error: unknown, what: string): HubTransientError {
  if (error instanceof HubTransientError) return error;
  return new HubTransientError(`${what}: ${describeError(error)}`, undefined, { cause: error });
}

/** What the error filter tells the access log about an error answer it wrote. */
export interface AnsweredError {
  /** The stable code of the error body (`ENGINE_OVERLOADED`, `AUTH_REQUIRED`, …). */
  readonly code: string;
  /** The message of the error body (what the caller was told, nothing more). */
  readonly message: string;
  /**
   * A refusal the server meant to give (a 4xx, or a 503 for an overloaded engine or a dependency
   * that is down), as opposed to a failure nobody planned for.
   */
  readonly expected: boolean;
}

// Keyed by the response object, so nothing is added to Express's objects and nothing outlives them.
const answered = new WeakMap<object, AnsweredError>();

/** Remembers the error `response` answered with, for the access line written when it ends. */
export function recordAnsweredError(response: object, error: AnsweredError): void {
  answered.set(response, error);
}

/** The error `response` answered with, if the error filter wrote it. */
export function answeredErrorOf(response: object): AnsweredError | undefined {
  return answered.get(response);
}

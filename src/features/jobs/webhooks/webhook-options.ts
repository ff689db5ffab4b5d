/** How webhooks are allowed, signed and retried. */
export interface WebhookOptions {
  /** Shared secret for the HMAC-SHA256 signature; without it no webhook is sent (callback URLs are refused). */
  readonly secret?: string;
  /**
   * Hosts a per-request callback URL may point at: `hooks.example.com`, `*.example.org` (any
   * subdomain), optionally with `:port` (without one, any port). Empty: no per-request callbacks.
   */
  readonly allowedHosts: readonly string[];
  /** Callback URL per `source`, set by the operator (trusted; not checked against the allow-list). */
  readonly sourceUrls: Readonly<Record<string, string>>;
  /** Attempts per delivery, the first included. */
  readonly attempts: number;
  /** First retry delay in ms; each later one doubles. */
  readonly backoffMs: number;
  /** Longest wait for the receiver's answer, in ms. */
  readonly timeoutMs: number;
}

/** Defaults: eight attempts over about ten minutes (5 s, 10 s, … 320 s apart), 10 s per attempt. */
export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = Object.freeze({
  allowedHosts: Object.freeze([]) as readonly string[],
  sourceUrls: Object.freeze({}),
  attempts: 8,
  backoffMs: 5000,
  timeoutMs: 10_000,
});

/** The event sent when an asynchronous decision has been made. */
export const DECISION_CREATED_EVENT = 'decision.created';

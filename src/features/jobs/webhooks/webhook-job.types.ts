/** What a webhook delivery job carries in Redis. */
export interface WebhookJobData {
  readonly url: string;
  readonly event: string;
  /** The moderation job whose decision is sent. */
  readonly jobId: string;
  readonly decisionId: string;
  /** The exact JSON body, built once so every attempt sends (and signs) the same bytes. */
  readonly body: string;
  /** The `x-request-id` of the request that queued the moderation job; sent as `X-Moderation-Request-Id`. */
  readonly requestId?: string;
}

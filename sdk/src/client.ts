import type { Client } from 'openapi-fetch';
import { createOpenApiClient } from './create-openapi-client';
import { ModerationApiError } from './errors';
import { ReviewClient } from './review-client';
import { unwrap } from './unwrap';
import type { paths } from './generated/schema';
import { ImageInput, toBlob } from './image-input';
import { DEFAULT_RETRY, RetryOptions } from './retry-policy';
import { createTransport } from './transport';
import type { Decision, DecisionPage, Job, ModerationAction, Policy } from './types';

/** Where the server is and how to talk to it. */
export interface ModerationClientOptions {
  /** e.g. `https://moderation.internal:3000`. */
  readonly baseUrl: string;
  /** An API key (sent as a Bearer token). */
  readonly apiKey?: string;
  /** Per attempt. Default 30 s. */
  readonly timeoutMs?: number;
  /** Retries for network errors, timeouts, 429 and 503. */
  readonly retry?: Partial<RetryOptions>;
  /** A fetch implementation; the global one by default. */
  readonly fetch?: typeof fetch;
  /** Called before each retry. */
  readonly onRetry?: (event: { attempt: number; delayMs: number; reason: string }) => void;
}

/** Options of {@link ModerationClient.moderate}. */
export interface ModerateOptions {
  readonly policy?: string;
  /** Who uploaded (your user id); stored and filterable. */
  readonly subject?: string;
  /** Where in your app the upload came from. */
  readonly source?: string;
  /** Score again even if this content was decided under this policy version before. */
  readonly fresh?: boolean;
  /**
   * Makes retries safe: the server answers a repeated key with the decision it already made.
   * A fresh key is generated per call when omitted.
   */
  readonly idempotencyKey?: string;
  /** A file name for the multipart upload. */
  readonly filename?: string;
  readonly signal?: AbortSignal;
}

/** Options of {@link ModerationClient.moderateAsync}. */
export interface ModerateAsyncOptions extends ModerateOptions {
  /** Where the server POSTs the signed decision when it is made (its host must be allow-listed). */
  readonly callbackUrl?: string;
}

/** How long {@link ModerationClient.waitForDecision} polls. */
export interface WaitOptions {
  /** Give up after this long (code `TIMEOUT`). Default 60 s. */
  readonly timeoutMs?: number;
  /** First poll interval; it grows to at most 2 s. Default 200 ms. */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** Filters of {@link ModerationClient.listDecisions}. */
export interface DecisionFilter {
  readonly policy?: string;
  readonly action?: ModerationAction;
  readonly category?: string;
  readonly subject?: string;
  readonly source?: string;
  /** Decided at or after: a Date, ISO-8601 text, or a duration ago (`7d`, `12h`, `30m`, `2w`). */
  readonly from?: Date | string;
  /** Decided before: a Date, ISO-8601 text, or a duration ago. */
  readonly to?: Date | string;
  readonly limit?: number;
  readonly cursor?: string;
}

/**
 * A typed client for the moderation server. Operations and types are generated from the server's
 * OpenAPI document; this class adds uploads from any image input, typed errors, retries and
 * idempotency.
 *
 * @example
 * const client = new ModerationClient({ baseUrl: 'http://localhost:3000', apiKey: process.env.MODERATION_KEY });
 * const decision = await client.moderate(file, { policy: 'default', subject: user.id });
 * if (decision.action === 'block') reject();
 */
export class ModerationClient {
  /** The generated client, for routes this class does not wrap. */
  readonly api: Client<paths>;
  /** Review-queue and appeal calls. */
  readonly review: ReviewClient;

  constructor(options: ModerationClientOptions) {
    const transport = createTransport({
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      onRetry: options.onRetry,
    });
    this.api = createOpenApiClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), fetch: transport });
    this.review = new ReviewClient(this.api);
  }

  /** Moderates an image and returns the stored decision. */
  async moderate(image: ImageInput, options: ModerateOptions = {}): Promise<Decision> {
    const form = await this.uploadForm(image, options.filename);
    // Without mode=async the server answers 200 with the decision (202 and a job only for async).
    return unwrap<Decision | Job>(
      await this.api.POST('/v1/moderations', {
        params: { query: { policy: options.policy, subject: options.subject, source: options.source, fresh: options.fresh } },
        // The generated body type describes the form's fields; the real body is the FormData.
        body: form as unknown as { file: string },
        bodySerializer: (body) => body as unknown as FormData,
        headers: { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() },
        signal: options.signal,
      }),
    ) as Decision;
  }

  /**
   * Queues an image for a worker and returns the job at once (the server answers 202). Follow it
   * with {@link waitForDecision}, or let the server call `callbackUrl`.
   */
  async moderateAsync(image: ImageInput, options: ModerateAsyncOptions = {}): Promise<Job> {
    const form = await this.uploadForm(image, options.filename);
    return unwrap<Decision | Job>(
      await this.api.POST('/v1/moderations', {
        params: {
          query: { mode: 'async', policy: options.policy, subject: options.subject, source: options.source, fresh: options.fresh, callbackUrl: options.callbackUrl },
        },
        body: form as unknown as { file: string },
        bodySerializer: (body) => body as unknown as FormData,
        headers: { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() },
        signal: options.signal,
      }),
    ) as Job;
  }

  /** An asynchronous job's state. */
  async getJob(id: string): Promise<Job> {
    return unwrap(await this.api.GET('/v1/jobs/{id}', { params: { path: { id } } }));
  }

  /**
   * Polls a job until it is decided and returns the decision. A failed job throws its error code
   * (e.g. `IMAGE_CORRUPT`); running out of time throws `TIMEOUT`.
   */
  async waitForDecision(jobId: string, options: WaitOptions = {}): Promise<Decision> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let interval = options.intervalMs ?? 200;
    for (;;) {
      const job = await this.getJob(jobId);
      if (job.state === 'done' && job.decisionId) return this.getDecision(job.decisionId);
      if (job.state === 'failed') {
        throw new ModerationApiError({ code: job.error?.code ?? 'JOB_FAILED', status: 0, message: job.error?.message ?? 'The job failed', body: job });
      }
      if (Date.now() + interval > deadline) {
        throw new ModerationApiError({ code: 'TIMEOUT', status: 0, message: `Job ${jobId} was not decided in time (last state: ${job.state})`, body: job });
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
      if (options.signal?.aborted) throw options.signal.reason;
      interval = Math.min(interval * 1.5, 2000);
    }
  }

  /** One stored decision. */
  async getDecision(id: string): Promise<Decision> {
    return unwrap(await this.api.GET('/v1/decisions/{id}', { params: { path: { id } } }));
  }

  /** One page of decisions, newest first. */
  async listDecisions(filter: DecisionFilter = {}): Promise<DecisionPage> {
    const query = {
      ...filter,
      from: filter.from instanceof Date ? filter.from.toISOString() : filter.from,
      to: filter.to instanceof Date ? filter.to.toISOString() : filter.to,
    };
    return unwrap(await this.api.GET('/v1/decisions', { params: { query } }));
  }

  /** Every decision matching the filter, page by page. */
  async *iterateDecisions(filter: Omit<DecisionFilter, 'cursor'> = {}): AsyncGenerator<Decision> {
    let cursor: string | undefined;
    do {
      const page = await this.listDecisions({ ...filter, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The loaded policies. */
  async listPolicies(): Promise<Policy[]> {
    return unwrap(await this.api.GET('/v1/policies')).items;
  }

  /** One loaded policy. */
  async getPolicy(id: string): Promise<Policy> {
    return unwrap(await this.api.GET('/v1/policies/{id}', { params: { path: { id } } }));
  }

  /** Whether the model is loaded and the database reachable. */
  async ready(): Promise<boolean> {
    const { response } = await this.api.GET('/health/ready');
    return response.ok;
  }

  private async uploadForm(image: ImageInput, filename = 'upload'): Promise<FormData> {
    const form = new FormData();
    form.append('file', await toBlob(image), filename);
    return form;
  }
}

function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

import createClient, { type Client } from 'openapi-fetch';
import { ModerationApiError } from './errors';
import type { paths } from './generated/schema';
import { ImageInput, toBlob } from './image-input';
import { DEFAULT_RETRY, RetryOptions } from './retry-policy';
import { createTransport } from './transport';
import type { Decision, DecisionPage, ModerationAction, Policy } from './types';

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

/** Filters of {@link ModerationClient.listDecisions}. */
export interface DecisionFilter {
  readonly policy?: string;
  readonly action?: ModerationAction;
  readonly category?: string;
  readonly subject?: string;
  readonly source?: string;
  readonly from?: Date | string;
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

  constructor(options: ModerationClientOptions) {
    const transport = createTransport({
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      onRetry: options.onRetry,
    });
    this.api = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), fetch: transport });
  }

  /** Moderates an image and returns the stored decision. */
  async moderate(image: ImageInput, options: ModerateOptions = {}): Promise<Decision> {
    const form = await this.uploadForm(image, options.filename);
    return unwrap(
      await this.api.POST('/v1/moderations', {
        params: { query: { policy: options.policy, subject: options.subject, source: options.source, fresh: options.fresh } },
        // The generated body type describes the form's fields; the real body is the FormData.
        body: form as unknown as { file: string },
        bodySerializer: (body) => body as unknown as FormData,
        headers: { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() },
        signal: options.signal,
      }),
    );
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

/** The data of a successful call, or the server's error as a {@link ModerationApiError}. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw errorFrom(result.response, result.error);
}

function errorFrom(response: Response, body: unknown): ModerationApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return new ModerationApiError({
    code: typeof record.code === 'string' ? record.code : `HTTP_${response.status}`,
    status: response.status,
    message: typeof record.message === 'string' ? record.message : `The server answered ${response.status}`,
    requestId: typeof record.requestId === 'string' ? record.requestId : (response.headers.get('x-request-id') ?? undefined),
    details: typeof record.details === 'object' && record.details !== null ? (record.details as Record<string, unknown>) : undefined,
    body,
  });
}

function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

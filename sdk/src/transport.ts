import { ModerationApiError } from './errors';
import { DEFAULT_RETRY, RetryOptions, isRetryableStatus, retryDelayMs } from './retry-policy';

/** How the client talks HTTP. */
export interface TransportOptions {
  readonly apiKey?: string;
  /** Per attempt; a call that takes longer fails with code `TIMEOUT` (and is retried). Default 30 s. */
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly fetch: typeof fetch;
  /** Called before each retry; for logs and metrics. */
  readonly onRetry?: (event: { attempt: number; delayMs: number; reason: string }) => void;
}

const sleep = (ms: number, signal?: AbortSignal | null): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * A fetch that adds the API key, bounds each attempt with a timeout, and retries network errors,
 * timeouts, 429 and 503 with back-off (honouring Retry-After). Other answers, 4xx validation
 * errors above all, are returned at once: repeating them cannot help.
 */
export function createTransport(options: TransportOptions): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const original = new Request(input, init);
    if (options.apiKey && !original.headers.has('authorization')) original.headers.set('authorization', `Bearer ${options.apiKey}`);
    const callerSignal = original.signal;
    for (let attempt = 0; ; attempt++) {
      const request = original.clone();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error('timeout')), options.timeoutMs);
      const onCallerAbort = (): void => timeout.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', onCallerAbort);
      let response: Response | undefined;
      let failure: ModerationApiError | undefined;
      try {
        // duplex: a streamed body (a cloned request's) must say so for undici; browsers ignore it.
        response = await options.fetch(new Request(request, { signal: timeout.signal, duplex: 'half' } as RequestInit));
      } catch (error) {
        if (callerSignal.aborted) throw error;
        failure = timeout.signal.aborted
          ? new ModerationApiError({ code: 'TIMEOUT', status: 0, message: `No answer within ${options.timeoutMs} ms` }, { cause: error })
          : new ModerationApiError({ code: 'NETWORK_ERROR', status: 0, message: `The server could not be reached: ${describe(error)}` }, { cause: error });
      } finally {
        clearTimeout(timer);
        callerSignal.removeEventListener('abort', onCallerAbort);
      }
      const retryable = failure !== undefined || isRetryableStatus(response!.status);
      if (!retryable || attempt >= options.retry.retries) {
        if (failure) throw failure;
        return response!;
      }
      const delayMs = retryDelayMs(attempt + 1, options.retry, response?.headers.get('retry-after') ?? null);
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason: failure?.code ?? `HTTP ${response!.status}` });
      await response?.body?.cancel().catch(() => undefined);
      await sleep(delayMs, callerSignal);
    }
  };
}

/** The retry defaults, re-exported for callers building their own options. */
export { DEFAULT_RETRY };

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

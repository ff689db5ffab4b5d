import type { ModelDtype } from '../model/model-dtype';

/** How {@link downloadHubModel} reaches the hub and where it keeps what it fetched. */
export interface HubDownloadOptions {
  /** Cache root, e.g. `~/.cache/clip-moderation`; models go under `<cacheDir>/models/<owner>--<name>/`. */
  cacheDir: string;
  /** Which ONNX weight variant to fetch. */
  dtype: ModelDtype;
  /** Branch, tag or commit; default `'main'` (or the `@revision` written in the model id). */
  revision?: string;
  /** Hub base URL; default `process.env.HF_ENDPOINT ?? 'https://huggingface.co'` (mirrors work too). */
  endpoint?: string;
  /** Access token for private or gated repos; default `process.env.HF_TOKEN`. Sent only to the hub, never to the CDN. */
  token?: string;
  /** Draw a progress bar per file on stderr; default `process.stderr.isTTY`. */
  progress?: boolean;
  /** Replaces the global `fetch` (tests). */
  fetchImpl?: typeof fetch;
  /** Retries per request for network errors, dropped connections, 408/429 and 5xx; default 3. */
  retries?: number;
  /** First backoff delay in ms, doubled on each retry (with jitter); default 500. */
  retryBaseDelayMs?: number;
  /** Receives occasional human-readable lines; default writes them to stderr. */
  logger?: (message: string) => void;
}

/** {@link HubDownloadOptions} with every default applied. */
export interface ResolvedHubDownloadOptions {
  readonly cacheDir: string;
  readonly dtype: ModelDtype;
  readonly revision: string | undefined;
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly progress: boolean;
  readonly fetchImpl: typeof fetch;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly logger: (message: string) => void;
}

function writeToStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Applies the documented defaults; environment variables are read here and nowhere else. */
export function resolveHubDownloadOptions(options: HubDownloadOptions): ResolvedHubDownloadOptions {
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  // An empty HF_TOKEN (a common `HF_TOKEN=` in .env files) means "no token", not "send an empty Bearer".
  const token = options.token ?? process.env.HF_TOKEN;
  return {
    cacheDir: options.cacheDir,
    dtype: options.dtype,
    revision: options.revision,
    endpoint,
    token: token !== undefined && token.trim() !== '' ? token.trim() : undefined,
    progress: options.progress ?? process.stderr.isTTY === true,
    fetchImpl: options.fetchImpl ?? fetch,
    retries: Math.max(0, Math.floor(options.retries ?? 3)),
    retryBaseDelayMs: Math.max(0, options.retryBaseDelayMs ?? 500),
    logger: options.logger ?? writeToStderr,
  };
}

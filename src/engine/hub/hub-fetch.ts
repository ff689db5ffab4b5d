import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { type ResponseHop } from './announced-content';
import { asTransient } from './hub-transient-error';
import { IdleTimeout } from './idle-timeout';

const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One GET to the hub (or wherever it redirects). */
export interface HubFetchRequest {
  readonly url: string;
  readonly fetchImpl: typeof fetch;
  /** The hub's base URL: only requests to its origin carry the token. */
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** Abort when nothing arrives for this long; default 60 s. */
  readonly idleTimeoutMs?: number;
}

/** The final response plus the chain that led to it. */
export interface HubFetchResult {
  readonly response: Response;
  /** Every response of the chain, the final one last; redirect answers carry the hub's `X-Linked-*`. */
  readonly hops: readonly ResponseHop[];
  /** Still running: `touch()` it per chunk while reading the body and `clear()` it afterwards. */
  readonly idle: IdleTimeout;
}

/**
 * GETs `url`, following redirects by hand rather than letting fetch do it, because the hub's checksum
 * headers live on the 302 that fetch would swallow, and because the token must not travel to the CDN
 * the hub redirects LFS files to. Network failures come back as HubTransientError; statuses are the
 * caller's to judge.
 */
export async function hubFetch(request: HubFetchRequest): Promise<HubFetchResult> {
  const hubOrigin = new URL(request.endpoint).origin;
  const idle = new IdleTimeout(request.idleTimeoutMs ?? 60_000);
  const hops: ResponseHop[] = [];
  let url = request.url;
  try {
    for (let redirects = 0; ; redirects += 1) {
      const headers: Record<string, string> = {
        'user-agent': 'clip-moderation (hub-download)',
        ...request.headers,
      };
      if (request.token !== undefined && new URL(url).origin === hubOrigin) {
        headers.authorization = `Bearer ${request.token}`;
      }
      let response: Response;
      try {
        response = await request.fetchImpl(url, { headers, redirect: 'manual', signal: idle.signal });
      } catch (error) {
        throw asTransient(error, `Request to ${url} failed`);
      }
      idle.touch();
      // response.url is where the answer really came from, should a custom fetchImpl follow redirects itself.
      hops.push({ url: response.url !== '' ? response.url : url, status: response.status, headers: response.headers });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) {
        return { response, hops, idle };
      }
      // Free the socket of the redirect answer before following it.
      await response.body?.cancel().catch(() => undefined);
      if (redirects >= MAX_REDIRECTS) {
        throw new ModerationError(ModerationErrorCode.ModelDownloadFailed, `Too many redirects for ${request.url}.`, {
          url: request.url,
        });
      }
      url = new URL(location, url).href;
    }
  } catch (error) {
    idle.clear();
    throw error;
  }
}

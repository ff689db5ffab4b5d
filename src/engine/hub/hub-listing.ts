import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { hubFetch } from './hub-fetch';
import { type HubRequestContext, hubStatusError } from './hub-status-error';
import { asTransient } from './hub-transient-error';
import { RetryBudget } from './retry-budget';

/** One file of the repo, as the listing names it. */
export interface HubSibling {
  /** Path inside the repo, '/'-separated. */
  readonly path: string;
  /** Size in bytes, when the listing said (it does with `blobs=true`). */
  readonly size?: number;
  /** sha256 for LFS files, when the listing said. */
  readonly sha256?: string;
}

/** A repo at one commit. */
export interface HubListing {
  /** The commit sha `revision` resolved to. */
  readonly sha: string;
  readonly siblings: readonly HubSibling[];
}

/** Where and how to list. */
export interface HubListingRequest {
  readonly context: HubRequestContext;
  readonly fetchImpl: typeof fetch;
  readonly token: string | undefined;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly log: (message: string) => void;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function parseSibling(value: unknown): HubSibling | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.rfilename !== 'string' || record.rfilename === '') return undefined;
  const lfs = typeof record.lfs === 'object' && record.lfs !== null ? (record.lfs as Record<string, unknown>) : undefined;
  const sha256 = typeof lfs?.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(lfs.sha256) ? lfs.sha256.toLowerCase() : undefined;
  const size = optionalNumber(lfs?.size) ?? optionalNumber(record.size);
  return { path: record.rfilename, ...(size === undefined ? {} : { size }), ...(sha256 === undefined ? {} : { sha256 }) };
}

/** Validates the JSON of `api/models/{id}/revision/{rev}`; throws ModelDownloadFailed when it is not one. */
export function parseHubListing(body: unknown, context: HubRequestContext): HubListing {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const sha = record.sha;
  const siblings = record.siblings;
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha) || !Array.isArray(siblings)) {
    throw new ModerationError(
      ModerationErrorCode.ModelDownloadFailed,
      `${context.endpoint} returned an unexpected listing for ${context.repoId}@${context.revision} (no commit sha or file list).`,
      { modelId: context.repoId, revision: context.revision, endpoint: context.endpoint },
    );
  }
  return { sha, siblings: siblings.map(parseSibling).filter((sibling): sibling is HubSibling => sibling !== undefined) };
}

/**
 * Lists the repo at a revision with `GET {endpoint}/api/models/{id}/revision/{revision}?blobs=true`
 * (`blobs=true` adds sizes and LFS sha256s, so totals are known up front). Retries transient failures;
 * when they persist the HubTransientError escapes so the caller can fall back to the cache.
 */
export async function fetchHubListing(request: HubListingRequest): Promise<HubListing> {
  const { context } = request;
  const url = `${context.endpoint}/api/models/${context.repoId}/revision/${encodeURIComponent(context.revision)}?blobs=true`;
  const budget = new RetryBudget(request.retries, request.retryBaseDelayMs, request.log);
  for (;;) {
    try {
      const { response, idle } = await hubFetch({
        url,
        fetchImpl: request.fetchImpl,
        endpoint: context.endpoint,
        token: request.token,
        headers: { accept: 'application/json' },
      });
      try {
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          throw hubStatusError(response.status, response.headers, context);
        }
        let body: unknown;
        try {
          body = await response.json();
        } catch (error) {
          // A connection cut mid-JSON reads as a parse error; treat it like any dropped connection.
          throw asTransient(error, `Reading the listing of ${context.repoId} failed`);
        }
        return parseHubListing(body, context);
      } finally {
        idle.clear();
      }
    } catch (error) {
      await budget.afterFailure(error, `Listing ${context.repoId}@${context.revision}`);
    }
  }
}

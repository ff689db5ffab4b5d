import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { HubTransientError } from './hub-transient-error';
import { parseRetryAfter } from './retry-budget';

/** What was being fetched when the hub said no, for the error message. */
export interface HubRequestContext {
  readonly repoId: string;
  readonly revision: string;
  readonly endpoint: string;
  readonly hasToken: boolean;
  /** Set for a file download; absent for the repo listing. */
  readonly path?: string;
}

/**
 * Turns a non-success hub status into the error to throw: 408/429/5xx are transient (retried),
 * 401/403 ask for HF_TOKEN, 404 is ModelNotFound. The hub's `X-Error-Code` header (RepoNotFound,
 * RevisionNotFound, EntryNotFound, GatedRepo) sharpens the message; note the hub answers 401, not 404,
 * for a repo that does not exist when no token is sent, so the 401 message covers both cases.
 */
export function hubStatusError(status: number, headers: Headers, context: HubRequestContext): Error {
  const target = context.path === undefined ? `${context.repoId}@${context.revision}` : `${context.path} of ${context.repoId}`;
  if (status === 408 || status === 429 || status >= 500) {
    return new HubTransientError(`HTTP ${status} from ${context.endpoint} for ${target}`, parseRetryAfter(headers.get('retry-after')));
  }
  const hubCode = headers.get('x-error-code') ?? undefined;
  const details = { modelId: context.repoId, revision: context.revision, status, hubCode, file: context.path, endpoint: context.endpoint };
  if (status === 401 || status === 403) {
    const why =
      hubCode === 'GatedRepo'
        ? `${context.repoId} is gated: accept its terms on the model page, then set HF_TOKEN to a token of that account.`
        : context.hasToken
          ? `The token in HF_TOKEN was rejected or cannot read ${context.repoId}; check the token and the model id.`
          : `${context.repoId} does not exist or is private or gated; check the model id, or set HF_TOKEN to a Hugging Face access token that can read it.`;
    return new ModerationError(ModerationErrorCode.ModelDownloadFailed, `Access denied (HTTP ${status}) for ${target}. ${why}`, details);
  }
  if (status === 404) {
    const what =
      hubCode === 'RevisionNotFound'
        ? `revision '${context.revision}' does not exist in ${context.repoId}`
        : hubCode === 'EntryNotFound' || context.path !== undefined
          ? `${context.path ?? 'a file'} does not exist in ${context.repoId}@${context.revision}`
          : `model ${context.repoId} does not exist on ${context.endpoint}`;
    return new ModerationError(ModerationErrorCode.ModelNotFound, `Not found: ${what}.`, details);
  }
  return new ModerationError(
    ModerationErrorCode.ModelDownloadFailed,
    `Unexpected HTTP ${status} from ${context.endpoint} for ${target}.`,
    details,
  );
}

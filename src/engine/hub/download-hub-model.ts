import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { selectClipFiles } from './clip-file-selection';
import { type DownloadedFile, downloadHubFile } from './download-file';
import { formatBytes } from './format-bytes';
import { type HubCacheLayout, hubCacheLayout, readRef, writeRef } from './hub-cache-layout';
import { type HubDownloadOptions, type ResolvedHubDownloadOptions, resolveHubDownloadOptions } from './hub-download-options';
import { fetchHubListing } from './hub-listing';
import { isCommitSha, isValidRevision, parseHubModelId } from './hub-model-id';
import type { HubRequestContext } from './hub-status-error';
import { HubTransientError, describeError } from './hub-transient-error';
import { readCompleteSnapshot, writeSnapshotManifest } from './snapshot-manifest';

function invalid(message: string, details: Record<string, unknown>): ModerationError {
  return new ModerationError(ModerationErrorCode.ConfigInvalid, message, details);
}

/** `owner/name@rev` and `options.revision` must agree; the default is `main`. */
function pickRevision(modelId: string, fromId: string | undefined, fromOptions: string | undefined): string {
  if (fromId !== undefined && fromOptions !== undefined && fromId !== fromOptions) {
    throw invalid(`${modelId} names revision '${fromId}' but the revision option says '${fromOptions}'; give only one.`, {
      modelId,
      revision: fromOptions,
    });
  }
  const revision = fromId ?? fromOptions ?? 'main';
  if (!isValidRevision(revision)) throw invalid(`'${revision}' is not a valid revision.`, { modelId, revision });
  return revision;
}

/** When the hub cannot be reached: the snapshot `refs/<revision>` points at, if it is complete. */
async function cachedSnapshotOrThrow(
  layout: HubCacheLayout,
  context: HubRequestContext,
  options: ResolvedHubDownloadOptions,
  failure: HubTransientError,
): Promise<string> {
  const sha = await readRef(layout, context.revision);
  if (sha !== undefined && (await readCompleteSnapshot(layout, sha, options.dtype)) !== undefined) {
    options.logger(
      `Could not reach ${context.endpoint} (${describeError(failure)}); using the cached snapshot ${sha.slice(0, 12)} of ${context.repoId}@${context.revision}.`,
    );
    return layout.snapshotDir(sha);
  }
  throw new ModerationError(
    ModerationErrorCode.ModelDownloadFailed,
    `Could not reach ${context.endpoint} to fetch ${context.repoId}@${context.revision} (${describeError(failure)}), ` +
      `and no complete ${options.dtype} copy is cached in ${layout.repoDir}. Check the network, or HF_ENDPOINT for a mirror.`,
    { modelId: context.repoId, revision: context.revision, endpoint: context.endpoint, dtype: options.dtype },
    { cause: failure },
  );
}

async function fetchSnapshot(
  layout: HubCacheLayout,
  context: HubRequestContext,
  options: ResolvedHubDownloadOptions,
): Promise<string> {
  // A commit sha never moves, so a complete snapshot of one needs no network at all.
  if (isCommitSha(context.revision) && (await readCompleteSnapshot(layout, context.revision, options.dtype)) !== undefined) {
    return layout.snapshotDir(context.revision);
  }

  const common = {
    fetchImpl: options.fetchImpl,
    token: options.token,
    retries: options.retries,
    retryBaseDelayMs: options.retryBaseDelayMs,
  };
  let listing;
  try {
    listing = await fetchHubListing({ ...common, context, log: options.logger });
  } catch (error) {
    if (error instanceof HubTransientError) return cachedSnapshotOrThrow(layout, context, options, error);
    throw error;
  }

  const { sha } = listing;
  const selection = selectClipFiles(listing.siblings, options.dtype, context.repoId);
  if ((await readCompleteSnapshot(layout, sha, options.dtype)) === undefined) {
    const known = selection.files.map((file) => file.size);
    const total = known.every((size) => size !== undefined) ? `, ${formatBytes(known.reduce<number>((a, b) => a + (b ?? 0), 0))}` : '';
    options.logger(
      `Fetching ${context.repoId}@${context.revision} (${sha.slice(0, 12)}, ${options.dtype}) from ${context.endpoint}: ${selection.files.length} files${total}`,
    );
    const files: DownloadedFile[] = [];
    for (const sibling of selection.files) {
      files.push(
        await downloadHubFile({
          ...common,
          sibling,
          sha,
          localPath: layout.snapshotFile(sha, sibling.path),
          context: { ...context, path: sibling.path },
          progressBar: options.progress,
          log: options.logger,
        }),
      );
    }
    // Written last: its presence is what makes the snapshot count as complete.
    await writeSnapshotManifest(layout, {
      repoId: context.repoId,
      sha,
      dtype: options.dtype,
      layout: selection.layout,
      files,
      completedAt: new Date().toISOString(),
    });
    options.logger(`${context.repoId}@${context.revision} is ready in ${layout.snapshotDir(sha)}`);
  }
  await writeRef(layout, context.revision, sha);
  return layout.snapshotDir(sha);
}

/**
 * Makes a CLIP model from the Hugging Face hub available locally and returns its folder, laid out as
 * in the repo: `<cacheDir>/models/<owner>--<name>/snapshots/<commit sha>/`.
 *
 * Lists the repo at the revision, picks the CLIP files for `options.dtype` (config and tokenizer
 * files, both ONNX towers and their external data), and downloads what the cache lacks: resumable,
 * retried, verified against the hub's checksums, and moved into place atomically. A complete snapshot
 * is reused; when the hub cannot be reached the snapshot last resolved for the revision is used.
 *
 * @param modelId `owner/name`, optionally `owner/name@revision`.
 * @throws ModerationError ModelNotFound (no such repo, revision or dtype variant), ModelDownloadFailed
 *   (access denied, network, disk), ModelChecksumMismatch (corrupt download), ConfigInvalid (bad id).
 */
export async function downloadHubModel(modelId: string, options: HubDownloadOptions): Promise<string> {
  const ref = parseHubModelId(modelId);
  if (ref === undefined) {
    throw invalid(`'${modelId}' is not a Hugging Face model id (expected owner/name or owner/name@revision).`, { modelId });
  }
  const resolved = resolveHubDownloadOptions(options);
  const context: HubRequestContext = {
    repoId: ref.repoId,
    revision: pickRevision(modelId, ref.revision, resolved.revision),
    endpoint: resolved.endpoint,
    hasToken: resolved.token !== undefined,
  };
  const layout = hubCacheLayout(resolved.cacheDir, ref.owner, ref.name);
  try {
    return await fetchSnapshot(layout, context, resolved);
  } catch (error) {
    if (error instanceof ModerationError) throw error;
    // Disk full, permissions, a cache on a read-only volume: still one error type for the caller.
    throw new ModerationError(
      ModerationErrorCode.ModelDownloadFailed,
      `Fetching ${ref.repoId} into ${layout.repoDir} failed: ${describeError(error)}`,
      { modelId: ref.repoId, revision: context.revision },
      { cause: error },
    );
  }
}

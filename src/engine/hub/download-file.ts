import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { type AnnouncedContent, announcedContent, contentRangeStart, contentRangeTotal } from './announced-content';
import { createFileProgress, type FileProgress } from './download-progress';
import { type FileLock, type FileLockOptions, acquireFileLock } from './file-lock';
import { verifyDownloadedFile } from './file-integrity';
import { formatBytes } from './format-bytes';
import { hubFetch } from './hub-fetch';
import type { HubSibling } from './hub-listing';
import { type HubRequestContext, hubStatusError } from './hub-status-error';
import { HubTransientError, asTransient, describeError } from './hub-transient-error';
import { RetryBudget } from './retry-budget';

/** One file to bring into a snapshot. */
export interface HubFileDownload {
  readonly sibling: HubSibling;
  /** Commit sha the file is resolved at (never a branch: the bytes must not change under a resume). */
  readonly sha: string;
  /** Final local path; `<localPath>.incomplete` and `<localPath>.lock` sit next to it meanwhile. */
  readonly localPath: string;
  /** For error messages; `path` is set. */
  readonly context: HubRequestContext;
  readonly fetchImpl: typeof fetch;
  readonly token: string | undefined;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly progressBar: boolean;
  readonly log: (message: string) => void;
  readonly lockOptions?: FileLockOptions;
  readonly idleTimeoutMs?: number;
}

/** A file in place. */
export interface DownloadedFile {
  readonly path: string;
  readonly size: number;
  /** What it was verified against; absent when another run placed it or the hub announced nothing. */
  readonly checksum?: string;
}

/** Another process decided we were dead and took the lock: stop writing, wait, look again. */
class LockLostError extends Error {}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

function resolveUrl(task: HubFileDownload): string {
  const path = task.sibling.path.split('/').map(encodeURIComponent).join('/');
  return `${task.context.endpoint}/${task.context.repoId}/resolve/${task.sha}/${path}`;
}

/**
 * One GET of the rest of the file into `<file>.incomplete`: `Range: bytes=N-` when N bytes are already
 * there; a 206 starting at N is appended, a 200 means the server ignored the range and we start over.
 * Returns what the hub announced, merged over what the listing said.
 */
async function fetchRemainder(
  task: HubFileDownload,
  partial: string,
  known: AnnouncedContent,
  lock: FileLock,
  progress: FileProgress,
): Promise<AnnouncedContent> {
  let offset = (await sizeOf(partial)) ?? 0;
  if (known.size !== undefined && offset > known.size) {
    await rm(partial, { force: true });
    offset = 0;
  }
  // A previous run got every byte but died before verifying: nothing left to fetch.
  if (offset > 0 && offset === known.size && (known.sha256 !== undefined || known.size === 0)) return known;

  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const { response, hops, idle } = await hubFetch({
    url: resolveUrl(task),
    fetchImpl: task.fetchImpl,
    endpoint: task.context.endpoint,
    token: task.token,
    headers,
    idleTimeoutMs: task.idleTimeoutMs,
  });
  try {
    const announced: AnnouncedContent = { ...known, ...announcedContent(hops) };
    if (response.status === 416) {
      await response.body?.cancel().catch(() => undefined);
      const total = announced.size ?? contentRangeTotal(response.headers.get('content-range'));
      if (offset > 0 && total === offset) return { ...announced, size: total };
      await rm(partial, { force: true });
      throw new HubTransientError(`The server refused to resume ${task.sibling.path} at byte ${offset}; starting over`);
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel().catch(() => undefined);
      throw hubStatusError(response.status, response.headers, task.context);
    }
    const append = response.status === 206 && offset > 0;
    if (response.status === 206 && contentRangeStart(response.headers.get('content-range')) !== offset) {
      await response.body?.cancel().catch(() => undefined);
      await rm(partial, { force: true });
      throw new HubTransientError(`The server resumed ${task.sibling.path} at the wrong byte; starting over`);
    }
    if (append) task.log(`Resuming ${task.sibling.path} at ${formatBytes(offset)}`);
    let written = append ? offset : 0;
    progress.begin(announced.size, written);

    await mkdir(dirname(partial), { recursive: true });
    const handle = await open(partial, append ? 'a' : 'w');
    try {
      const reader = response.body?.getReader();
      while (reader !== undefined) {
        const chunk = await reader.read().catch((error: unknown) => {
          throw asTransient(error, 'The connection dropped mid-file');
        });
        if (chunk.done) break;
        idle.touch();
        if (lock.lost) {
          await reader.cancel().catch(() => undefined);
          throw new LockLostError();
        }
        await handle.write(chunk.value);
        written += chunk.value.byteLength;
        progress.update(written);
      }
    } finally {
      await handle.close();
    }
    // A proxy may end a response cleanly yet early; what is on disk is still good to resume from.
    if (announced.size !== undefined && written < announced.size) {
      throw new HubTransientError(`The connection closed after ${written} of ${announced.size} bytes of ${task.sibling.path}`);
    }
    return announced;
  } finally {
    idle.clear();
  }
}

/** Downloads with retries, verifies, and renames into place. Call with the file's lock held. */
async function fetchVerifyAndPlace(task: HubFileDownload, lock: FileLock): Promise<DownloadedFile> {
  const partial = `${task.localPath}.incomplete`;
  const progress = createFileProgress(task.sibling.path, { bar: task.progressBar, log: task.log });
  const budget = new RetryBudget(task.retries, task.retryBaseDelayMs, task.log);
  let expected: AnnouncedContent = {
    ...(task.sibling.size === undefined ? {} : { size: task.sibling.size }),
    ...(task.sibling.sha256 === undefined ? {} : { sha256: task.sibling.sha256 }),
  };
  let succeeded = false;
  try {
    for (;;) {
      const before = (await sizeOf(partial)) ?? 0;
      try {
        expected = await fetchRemainder(task, partial, expected, lock, progress);
        break;
      } catch (error) {
        if (((await sizeOf(partial)) ?? 0) > before) budget.reset();
        await budget.afterFailure(error, `Downloading ${task.sibling.path}`);
      }
    }
    const checksum = await verifyDownloadedFile(partial, task.sibling.path, expected);
    // Same folder, so the rename is atomic: readers see no file or the whole verified one.
    await rename(partial, task.localPath);
    succeeded = true;
    const size = (await sizeOf(task.localPath)) ?? 0;
    return { path: task.sibling.path, size, ...(checksum === undefined ? {} : { checksum }) };
  } catch (error) {
    if (error instanceof HubTransientError) {
      const kept = (await sizeOf(partial)) ?? 0;
      throw new ModerationError(
        ModerationErrorCode.ModelDownloadFailed,
        `Downloading ${task.sibling.path} of ${task.context.repoId} failed (gave up after ${task.retries} retries): ${describeError(error)}.` +
          (kept > 0 ? ` ${formatBytes(kept)} are kept and the next start resumes from there.` : ''),
        { modelId: task.context.repoId, file: task.sibling.path, endpoint: task.context.endpoint },
        { cause: error },
      );
    }
    throw error;
  } finally {
    progress.end(succeeded);
  }
}

/**
 * Brings one repo file to `localPath`, unless it is already there. A per-file lock (`<file>.lock`)
 * lets two processes starting together share the work: the second waits, then finds the file in place.
 */
export async function downloadHubFile(task: HubFileDownload): Promise<DownloadedFile> {
  const existing = await sizeOf(task.localPath);
  if (existing !== undefined) return { path: task.sibling.path, size: existing };
  for (;;) {
    const lock = await acquireFileLock(`${task.localPath}.lock`, {
      ...task.lockOptions,
      onWait: () => task.log(`Waiting for another download of ${task.sibling.path} to finish`),
    });
    try {
      // Files only ever land here verified and whole, so whoever held the lock before us is trusted.
      const placed = await sizeOf(task.localPath);
      if (placed !== undefined) return { path: task.sibling.path, size: placed };
      return await fetchVerifyAndPlace(task, lock);
    } catch (error) {
      if (!(error instanceof LockLostError)) throw error;
      task.log(`Another process took over ${task.sibling.path}; waiting for it`);
    } finally {
      await lock.release();
    }
  }
}

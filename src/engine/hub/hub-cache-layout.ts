import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { ModelDtype } from '../model/model-dtype';
import { writeFileAtomic } from './atomic-write';
import { isCommitSha } from './hub-model-id';

/**
 * Where one hub repository lives in the cache:
 *
 * ```
 * <cacheDir>/models/<owner>--<name>/
 *   refs/<revision>                 the commit sha `revision` last resolved to
 *   snapshots/<sha>/...             the files, laid out as in the repo (what the loader opens)
 *   manifests/<sha>/<dtype>.json    written last: proof that the dtype's file set is complete
 * ```
 */
export interface HubCacheLayout {
  readonly repoDir: string;
  snapshotDir(sha: string): string;
  /** The local path of `repoPath` inside a snapshot; refuses paths that would leave it. */
  snapshotFile(sha: string, repoPath: string): string;
  refFile(revision: string): string;
  manifestFile(sha: string, dtype: ModelDtype): string;
}

/** The cache layout for `owner/name` under `cacheDir`. */
export function hubCacheLayout(cacheDir: string, owner: string, name: string): HubCacheLayout {
  const repoDir = join(resolve(cacheDir), 'models', `${owner}--${name}`);
  const snapshotDir = (sha: string): string => join(repoDir, 'snapshots', sha);
  return {
    repoDir,
    snapshotDir,
    snapshotFile(sha, repoPath) {
      const root = snapshotDir(sha);
      const local = normalize(join(root, repoPath));
      // A hostile listing could name '../../x'; never write outside the snapshot.
      if (isAbsolute(repoPath) || repoPath.includes('\\') || !local.startsWith(root + sep)) {
        throw new Error(`Refusing repo path outside the snapshot: ${repoPath}`);
      }
      return local;
    },
    // One flat file per revision: 'refs/pr/1' is encoded rather than nested, so no revision can
    // collide with a folder created for another.
    refFile: (revision) => join(repoDir, 'refs', encodeURIComponent(revision)),
    manifestFile: (sha, dtype) => join(repoDir, 'manifests', sha, `${dtype}.json`),
  };
}

/** The commit sha recorded for `revision`, or undefined when none (or not a sha) is recorded. */
export async function readRef(layout: HubCacheLayout, revision: string): Promise<string | undefined> {
  if (isCommitSha(revision)) return revision;
  try {
    const sha = (await readFile(layout.refFile(revision), 'utf8')).trim();
    return isCommitSha(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** Records that `revision` resolved to `sha` (atomically; a commit sha needs no ref). */
export async function writeRef(layout: HubCacheLayout, revision: string, sha: string): Promise<void> {
  if (isCommitSha(revision)) return;
  await writeFileAtomic(layout.refFile(revision), sha);
}

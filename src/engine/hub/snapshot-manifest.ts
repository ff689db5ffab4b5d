import { readFile, stat } from 'node:fs/promises';
import type { ModelDtype } from '../model/model-dtype';
import { writeFileAtomic } from './atomic-write';
import type { HubCacheLayout } from './hub-cache-layout';

/** One verified file of a snapshot. */
export interface SnapshotManifestFile {
  readonly path: string;
  readonly size: number;
  /** sha256 or git blob sha1 the file was verified against, when the hub announced one. */
  readonly checksum?: string;
}

/** Written after every file of a dtype's set was downloaded and verified; its presence means "complete". */
export interface SnapshotManifest {
  readonly repoId: string;
  readonly sha: string;
  readonly dtype: ModelDtype;
  readonly layout: string;
  readonly files: readonly SnapshotManifestFile[];
  readonly completedAt: string;
}

/** Saves the manifest (atomically, so a crash never leaves a half-written "complete" marker). */
export async function writeSnapshotManifest(layout: HubCacheLayout, manifest: SnapshotManifest): Promise<void> {
  await writeFileAtomic(layout.manifestFile(manifest.sha, manifest.dtype), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The manifest of a complete snapshot, or undefined when there is none or a listed file has gone
 * missing or changed size since (someone pruned the cache by hand). Sizes only: hashing hundreds of
 * megabytes on every start would make a cached start slow, and files only land after verification.
 */
export async function readCompleteSnapshot(
  layout: HubCacheLayout,
  sha: string,
  dtype: ModelDtype,
): Promise<SnapshotManifest | undefined> {
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(await readFile(layout.manifestFile(sha, dtype), 'utf8')) as SnapshotManifest;
  } catch {
    return undefined;
  }
  if (manifest.sha !== sha || !Array.isArray(manifest.files) || manifest.files.length === 0) return undefined;
  for (const file of manifest.files) {
    try {
      const info = await stat(layout.snapshotFile(sha, file.path));
      if (!info.isFile() || info.size !== file.size) return undefined;
    } catch {
      return undefined;
    }
  }
  return manifest;
}

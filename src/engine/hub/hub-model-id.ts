import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** A parsed hub reference: `owner/name` plus the revision written after `@`, if any. */
export interface HubModelRef {
  /** `owner/name`, exactly as given. */
  readonly repoId: string;
  readonly owner: string;
  readonly name: string;
  /** The part after `@` (`main`, a tag, a commit sha, `refs/pr/1`), or undefined when absent. */
  readonly revision: string | undefined;
}

// The hub's own rules: letters, digits, '-', '_', '.', at most 96 characters, no '--' or '..'
// (the cache folder `<owner>--<name>` relies on '--' never appearing inside a part).
const REPO_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/;
// Branches, tags, commit shas and `refs/pr/N`; '..' is refused so a revision can never walk out of a folder.
const REVISION = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

function isRepoPart(part: string): boolean {
  return REPO_PART.test(part) && !part.includes('--') && !part.includes('..');
}

/** True when `revision` is a plausible branch, tag or commit name. */
export function isValidRevision(revision: string): boolean {
  return revision.length > 0 && revision.length <= 255 && REVISION.test(revision) && !revision.includes('..');
}

/** True when `revision` is a full git commit sha, which never moves. */
export function isCommitSha(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/**
 * Parses `owner/name` or `owner/name@revision`; undefined when `ref` is not shaped like a hub id.
 * Does not look at the file system (see {@link isHubModelId} for that).
 */
export function parseHubModelId(ref: string): HubModelRef | undefined {
  const at = ref.indexOf('@');
  const repoId = at === -1 ? ref : ref.slice(0, at);
  const revision = at === -1 ? undefined : ref.slice(at + 1);
  if (revision !== undefined && !isValidRevision(revision)) return undefined;
  const parts = repoId.split('/');
  if (parts.length !== 2) return undefined;
  const [owner, name] = parts as [string, string];
  if (!isRepoPart(owner) || !isRepoPart(name)) return undefined;
  return { repoId, owner, name, revision };
}

/**
 * True when `ref` names a hub model (`owner/name`, optionally `@revision`) rather than a local folder:
 * not absolute, not starting with '.' or '~', no backslashes, and no file or folder of that name exists
 * relative to the working directory (a local folder always wins, so `models/clip` keeps working).
 */
export function isHubModelId(ref: string): boolean {
  if (ref.length === 0 || isAbsolute(ref) || ref.startsWith('.') || ref.startsWith('~') || ref.includes('\\')) {
    return false;
  }
  if (parseHubModelId(ref) === undefined) return false;
  const repoPart = ref.split('@')[0] ?? ref;
  return !existsSync(ref) && !existsSync(repoPart);
}

import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import type { AnnouncedContent } from './announced-content';

async function digestFile(path: string, hash: Hash): Promise<string> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Hex sha256 of a file's bytes (what the hub announces for LFS files). */
export function sha256OfFile(path: string): Promise<string> {
  return digestFile(path, createHash('sha256'));
}

/** Hex git blob id of a file: sha1 of `blob <size>\0` followed by the bytes (the hub's ETag for small files). */
export async function gitBlobSha1OfFile(path: string): Promise<string> {
  const { size } = await stat(path);
  const hash = createHash('sha1');
  hash.update(`blob ${size}\0`);
  return digestFile(path, hash);
}

/**
 * Checks a downloaded file against what the hub announced (size, then sha256 or git blob sha1). On a
 * mismatch the file is deleted, so neither this run nor a later resume builds on corrupt bytes, and
 * ModelChecksumMismatch names the file and both values. Returns the checksum that was verified, if any.
 */
export async function verifyDownloadedFile(
  localPath: string,
  repoPath: string,
  expected: AnnouncedContent,
): Promise<string | undefined> {
  const mismatch = async (algorithm: string, want: string, got: string): Promise<never> => {
    await rm(localPath, { force: true });
    throw new ModerationError(
      ModerationErrorCode.ModelChecksumMismatch,
      `Downloaded ${repoPath} does not match the hub: ${algorithm} expected ${want}, got ${got}. The partial file was deleted; try again.`,
      { file: repoPath, algorithm, expected: want, actual: got },
    );
  };
  const { size } = await stat(localPath);
  if (expected.size !== undefined && size !== expected.size) {
    await mismatch('size', String(expected.size), String(size));
  }
  if (expected.sha256 !== undefined) {
    const actual = await sha256OfFile(localPath);
    if (actual !== expected.sha256) await mismatch('sha256', expected.sha256, actual);
    return expected.sha256;
  }
  if (expected.gitSha1 !== undefined) {
    const actual = await gitBlobSha1OfFile(localPath);
    if (actual !== expected.gitSha1) await mismatch('git-sha1', expected.gitSha1, actual);
    return expected.gitSha1;
  }
  return undefined;
}

import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';

/** File extensions read as policies; everything else in the folder (README.md, ...) is ignored. */
export const POLICY_FILE_EXTENSIONS: readonly string[] = Object.freeze(['.yaml', '.yml']);

/**
 * Paths of the policy files directly inside `dir`, sorted by name so loading (and which of two
 * duplicates is reported second) is deterministic. Sub-folders are not searched and dot-files
 * (editor backups, Kubernetes' `..data`) are skipped. Symbolic links are followed because
 * ConfigMap volumes mount every file as one. A missing folder, or one without policy files,
 * is PolicyNotFound: starting with no policies would reject every request later, far from the cause.
 */
export async function listPolicyFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : 'cannot be read';
    throw new ModerationError(ModerationErrorCode.PolicyNotFound, `Policy folder ${dir} ${problem}`, { directory: dir }, { cause: error });
  }
  const candidates = names
    .filter((name) => !name.startsWith('.') && POLICY_FILE_EXTENSIONS.includes(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(dir, name));
  const files: string[] = [];
  for (const path of candidates) {
    // A name that cannot be stat'ed (a dangling link) is kept so loading it reports the problem.
    const info = await stat(path).catch(() => undefined);
    if (!info || info.isFile()) files.push(path);
  }
  if (files.length === 0) {
    throw new ModerationError(
      ModerationErrorCode.PolicyNotFound,
      `Policy folder ${dir} has no policy files (${POLICY_FILE_EXTENSIONS.map((ext) => `*${ext}`).join(', ')})`,
      { directory: dir },
    );
  }
  return files;
}

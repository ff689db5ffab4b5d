import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isModerationError } from '../../../engine/errors/moderation-error';
import { loadPolicyFile } from '../../../engine/policy/load-policy-file';
import { POLICY_FILE_EXTENSIONS } from '../../../engine/policy/policy-files';
import { Policy } from '../../../engine/policy/policy.types';

/** The folder, inside the policies folder, whose files are candidate versions rather than policies. */
export const CANDIDATES_FOLDER = 'candidates';

/**
 * Reads the candidate versions kept beside the policies (`<policies>/candidates/*.yaml`): each file
 * is a complete policy whose `id` names the policy it is a candidate for. They are recorded as
 * versions at start-up, never enforced until an admin puts one in shadow or promotes it. A
 * candidate that does not validate, or names a policy that is not loaded, is reported through
 * `warn` and skipped: an experiment must not keep the server from starting. A missing folder means
 * no candidates.
 */
export async function loadCandidatePolicyFiles(policiesDir: string, loadedIds: ReadonlySet<string>, warn: (line: string) => void): Promise<Policy[]> {
  const dir = join(policiesDir, CANDIDATES_FOLDER);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`candidate policies in ${dir} cannot be read: ${String(error)}`);
    return [];
  }
  const candidates: Policy[] = [];
  for (const name of names.filter((entry) => !entry.startsWith('.') && POLICY_FILE_EXTENSIONS.includes(extname(entry).toLowerCase())).sort()) {
    const path = join(dir, name);
    try {
      const policy = await loadPolicyFile(path);
      if (loadedIds.has(policy.id)) candidates.push(policy);
      else warn(`candidate ${path} is for policy "${policy.id}", which is not loaded; skipped`);
    } catch (error) {
      warn(`candidate ${path} skipped: ${isModerationError(error) ? `${error.code}: ${error.message}` : String(error)}`);
    }
  }
  return candidates;
}

import { readFile } from 'node:fs/promises';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { parsePolicy } from './parse-policy';
import { policyInvalidError } from './policy-invalid-error';
import { DOCUMENT_FIELD } from './policy-issue';
import { Policy } from './policy.types';

/**
 * Reads and parses one policy file (see {@link parsePolicy}). A missing file is PolicyNotFound;
 * a file that cannot be read or does not validate is PolicyInvalid.
 */
export async function loadPolicyFile(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ModerationError(ModerationErrorCode.PolicyNotFound, `Policy file ${path} does not exist`, { file: path }, { cause: error });
    }
    const reason = `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    throw policyInvalidError(path, [{ field: DOCUMENT_FIELD, reason }], error);
  }
  return parsePolicy(text, path);
}

import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { PolicyIssue } from './policy-issue';

// The message names every problem a real file is likely to have; beyond this (a pasted wrong file,
// say) the log line would only get unreadable, and details still carry the complete list.
const MAX_ISSUES_IN_MESSAGE = 50;

/**
 * The PolicyInvalid error for `file`: the message names the file and each field with its reason,
 * `details` is `{ file, errors: [{ field, reason, line?, column? }] }` with every problem found.
 */
export function policyInvalidError(file: string, issues: readonly PolicyIssue[], cause?: unknown): ModerationError {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map(describeIssue);
  const hidden = issues.length - shown.length;
  const more = hidden > 0 ? `; and ${hidden} more (see details.errors)` : '';
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new ModerationError(
    ModerationErrorCode.PolicyInvalid,
    `Policy file ${file} is invalid (${count}): ${shown.join('; ')}${more}`,
    { file, errors: issues.map((issue) => ({ ...issue })) },
    cause === undefined ? undefined : { cause },
  );
}

function describeIssue(issue: PolicyIssue): string {
  const where = issue.line === undefined ? issue.field : `line ${issue.line}, column ${issue.column ?? 1}`;
  return `${where}: ${issue.reason}`;
}

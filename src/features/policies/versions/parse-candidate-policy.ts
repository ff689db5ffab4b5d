import { ModerationError, isModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { deepFreeze } from '../../../engine/policy/deep-freeze';
import { parsePolicy } from '../../../engine/policy/parse-policy';
import { Policy } from '../../../engine/policy/policy.types';

/** A candidate policy as an API caller sends it: YAML or JSON text, or the document as a JSON object. */
export type CandidatePolicyInput = string | Readonly<Record<string, unknown>>;

/** Where problems of a candidate are said to be, in messages and details. */
const CANDIDATE_SOURCE = '(candidate)';

/**
 * Validates a candidate with the same parser as policy files (YAML is a superset of JSON, so JSON
 * text and objects go through it too) and returns it normalised and versioned. A candidate that
 * does not validate, or is for another policy than `expectedId`, is POLICY_CANDIDATE_INVALID (400,
 * the caller's mistake) with POLICY_INVALID's details: `{ errors: [{ field, reason, line?, column? }] }`.
 */
export function parseCandidatePolicy(input: CandidatePolicyInput, expectedId?: string): Policy {
  let parsed: Policy;
  try {
    parsed = parsePolicy(typeof input === 'string' ? input : JSON.stringify(input), CANDIDATE_SOURCE);
  } catch (error) {
    if (isModerationError(error) && error.code === ModerationErrorCode.PolicyInvalid) {
      const errors = (error.details.errors ?? []) as ReadonlyArray<{ field: string; reason: string; line?: number }>;
      throw candidateInvalid(errors, error);
    }
    throw error;
  }
  if (expectedId !== undefined && parsed.id !== expectedId) {
    throw candidateInvalid([{ field: 'id', reason: `is "${parsed.id}", but the candidate is for policy "${expectedId}"` }]);
  }
  // A candidate comes from no file; the snapshot must not name the placeholder as one.
  const { sourceFile: _sourceFile, ...policy } = parsed;
  return deepFreeze({ ...policy });
}

function candidateInvalid(errors: ReadonlyArray<{ field: string; reason: string; line?: number }>, cause?: unknown): AppError {
  const shown = errors.slice(0, 20).map((issue) => `${issue.line === undefined ? issue.field : `line ${issue.line}`}: ${issue.reason}`);
  return new ModerationError(
    AppErrorCode.PolicyCandidateInvalid,
    `The candidate policy is invalid (${errors.length === 1 ? '1 problem' : `${errors.length} problems`}): ${shown.join('; ')}`,
    { errors: errors.map((issue) => ({ ...issue })) },
    cause === undefined ? undefined : { cause },
  );
}

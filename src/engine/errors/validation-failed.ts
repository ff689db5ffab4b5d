import { ModerationError } from './moderation-error';
import { ModerationErrorCode } from './moderation-error-code';

/** One rejected field (or file, line, flag) and why: the one shape of VALIDATION_FAILED details. */
export interface FieldProblem {
  readonly field: string;
  readonly reasons: readonly string[];
}

/**
 * VALIDATION_FAILED with its details in the one shape every caller reads: `errors`, a list of
 * `{ field, reasons }`, beside whatever else the caller adds.
 */
export function validationFailed(message: string, errors: readonly FieldProblem[], extra: Readonly<Record<string, unknown>> = {}): ModerationError<ModerationErrorCode> {
  return new ModerationError(ModerationErrorCode.ValidationFailed, message, { ...extra, errors });
}

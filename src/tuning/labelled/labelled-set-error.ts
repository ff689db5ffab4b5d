import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** One thing wrong with a labelled set: where (a file, a CSV line) and why. */
export interface LabelledSetProblem {
  readonly key: string;
  readonly reason: string;
}

/**
 * The error for a labelled set that cannot be used. ValidationFailed with the problems as
 * `errors` ({ field, reasons }), the shape of every validation error, so callers report it the same way.
 */
export function labelledSetError(source: string, problems: readonly LabelledSetProblem[]): ModerationError {
  const shown = problems.slice(0, 5).map((problem) => `${problem.key}: ${problem.reason}`);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Labelled set ${source} is not usable: ${shown.join('; ')}${more}`, {
    source,
    errors: problems.map((problem) => ({ field: problem.key, reasons: [problem.reason] })),
  });
}

import { ValidationError } from 'class-validator';
import { ModerationError } from '../../engine/errors/moderation-error';
import { FieldProblem, validationFailed } from '../../engine/errors/validation-failed';

export type { FieldProblem };

/** A VALIDATION_FAILED error listing every bad field. */
export function validationError(problems: readonly FieldProblem[]): ModerationError {
  const summary = problems.map((problem) => `${problem.field}: ${problem.reasons.join('; ')}`).join(', ');
  return validationFailed(`Invalid request: ${summary}`, problems);
}

/** class-validator errors (nested too) as field problems. */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

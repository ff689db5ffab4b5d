import { ValidationError } from 'class-validator';
import { ModerationError } from '../../engine/errors/moderation-error';
import { FieldProblem, validationFailed } from '../../engine/errors/validation-failed';

export type { FieldProblem };

/**
 * Checks that say what kind of value a field takes, in the order they are reported: when one
 * fails, the field's other checks (lengths, ranges) say nothing useful about the value given.
 */
const KIND_CHECKS = ['whitelistValidation', 'nestedValidation', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isDate', 'isEnum', 'isIn', 'isUuid'];

/** A VALIDATION_FAILED error listing every bad field. */
export function validationError(problems: readonly FieldProblem[]): ModerationError {
  const summary = problems.map((problem) => `${problem.field}: ${problem.reasons.join('; ')}`).join(', ');
  return validationFailed(`Invalid request: ${summary}`, problems);
}

/**
 * class-validator errors (nested too) as field problems, one clear reason per field: `is required`
 * for a missing field (not "must be a string" and two length rules besides), else the kind of
 * value it takes when that is wrong, else the first rule the value breaks.
 */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: [oneReason(error, error.constraints)] }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

function oneReason(error: ValidationError, constraints: Readonly<Record<string, string>>): string {
  if (error.value === undefined && !('whitelistValidation' in constraints)) return 'is required';
  const name = KIND_CHECKS.find((check) => check in constraints) ?? Object.keys(constraints)[0]!;
  const message = constraints[name]!;
  // class-validator starts its messages with the property's name, which `field` already gives.
  return message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
}

import { ValidateIf, ValidationOptions } from 'class-validator';

/**
 * Like `@IsOptional()`, but only a missing key counts as absent: `key:` with no value (null in
 * YAML) is still validated and rejected, because an empty value is more likely a half-finished
 * edit than a wish for the default.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

import { ParseUUIDPipe } from '@nestjs/common';
import { validationError } from './validation-error';

/** A path parameter that must be a UUID; anything else is VALIDATION_FAILED, never a 500. */
export function uuidParam(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => validationError([{ field, reasons: ['must be a UUID'] }]) });
}

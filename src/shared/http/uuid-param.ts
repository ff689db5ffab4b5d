import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { validationError } from './validation-error';

/** A pipe for a value that must be a UUID; anything else is VALIDATION_FAILED naming `field`, never a 500. */
export function uuidParam(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => validationError([{ field, reasons: ['must be a UUID'] }]) });
}

/**
 * A path parameter that must be a UUID: checked (see {@link uuidParam}) and documented as
 * `format: uuid`, in one decorator so the two cannot drift apart.
 */
export function UuidParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, uuidParam(name))(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name, type: 'string', format: 'uuid' })(target, key, descriptor);
  };
}

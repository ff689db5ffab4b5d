import { ParseUUIDPipe } from '@nestjs/common';
import { validationError } from '../../../shared/http/validation-error';

/** Job ids are UUIDs; anything else is a VALIDATION_FAILED, before Redis is asked. */
export function parseJobId(): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => validationError([{ field: 'id', reasons: ['must be a UUID'] }]) });
}

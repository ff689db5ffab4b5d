import { Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { validationError } from '../../../shared/http/validation-error';
import { MAX_ENTRY_ID } from '../bank-types';


/** An entry id from a path: a positive integer up to {@link MAX_ENTRY_ID}, else VALIDATION_FAILED. */
export const entryIdPipe: PipeTransform<string, number> = {
  transform(value: string): number {
    const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
    if (!(id >= 1 && id <= MAX_ENTRY_ID)) throw validationError([{ field: 'entryId', reasons: [`must be an entry id (an integer from 1 to ${MAX_ENTRY_ID})`] }]);
    return id;
  },
};

/** The `:bank` path parameter: a bank's id or its name. */
export function BankParam(): ParameterDecorator {
  return (target, key, index) => {
    Param('bank')(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name: 'bank', type: 'string', description: "The bank's id or its name.", example: 'ncii-shared' })(target, key, descriptor);
  };
}

/** The `:entryId` path parameter, checked by {@link entryIdPipe} and documented as the integer it is. */
export function EntryIdParam(): ParameterDecorator {
  return (target, key, index) => {
    Param('entryId', entryIdPipe)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name: 'entryId', schema: { type: 'integer', minimum: 1, maximum: MAX_ENTRY_ID } })(target, key, descriptor);
  };
}

import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { DecisionFilter } from './decision.types';

/** Largest page a decision listing returns; larger requests are clamped. */
export const MAX_PAGE_SIZE = 200;

/** A page size within 1..{@link MAX_PAGE_SIZE}; VALIDATION_FAILED for NaN. */
export function clampLimit(limit: number): number {
  if (Number.isNaN(limit)) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, 'Invalid limit: it must be a number', {
      errors: [{ field: 'limit', reasons: ['must be a number'] }],
    });
  }
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** VALIDATION_FAILED for a filter date that is not a date. */
export function assertValidDates(filter: DecisionFilter): void {
  const invalid = (['from', 'to'] as const).filter((key) => filter[key] !== undefined && Number.isNaN(filter[key]!.getTime()));
  if (invalid.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid filter: ${invalid.join(', ')} must be valid dates`, {
      errors: invalid.map((field) => ({ field, reasons: ['must be a valid date'] })),
    });
  }
}

import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/**
 * How much data a suggestion needs before it is offered without a warning: labelled positives and
 * negatives (for precision, recall and FPR targets), stored decisions (for volume targets), and
 * the shortest window a rate per day may be counted over.
 */
export interface SuggestionMinimums {
  readonly positives: number;
  readonly negatives: number;
  readonly decisions: number;
  readonly windowHours: number;
}

/**
 * Twenty labels per side: below that one example moves precision or recall by 5 points or more.
 * An hour: traffic over seconds or minutes says nothing about a day (a burst, a test run).
 */
export const DEFAULT_SUGGESTION_MINIMUMS: SuggestionMinimums = Object.freeze({ positives: 20, negatives: 20, decisions: 100, windowHours: 1 });

/**
 * The minimums with defaults filled in; VALIDATION_FAILED for a count that is not a whole number
 * ≥ 0 or hours that are not a number ≥ 0, naming the field as `fields` calls it (a CLI flag, say).
 */
export function suggestionMinimums(given: Partial<SuggestionMinimums> = {}, fields: Partial<Record<keyof SuggestionMinimums, string>> = {}): SuggestionMinimums {
  const minimums = { ...DEFAULT_SUGGESTION_MINIMUMS, ...definedOnly(given) };
  const problems: Array<{ field: string; reasons: string[] }> = [];
  const field = (key: keyof SuggestionMinimums): string => fields[key] ?? `minimums.${key}`;
  for (const key of ['positives', 'negatives', 'decisions'] as const) {
    if (!Number.isInteger(minimums[key]) || minimums[key] < 0) problems.push({ field: field(key), reasons: ['must be a whole number, at least 0'] });
  }
  if (!Number.isFinite(minimums.windowHours) || minimums.windowHours < 0) problems.push({ field: field('windowHours'), reasons: ['must be a number of hours, at least 0'] });
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid minimums: ${problems.map((problem) => `${problem.field} ${problem.reasons[0]}`).join('; ')}`, { errors: problems });
  }
  return minimums;
}

function definedOnly(given: Partial<SuggestionMinimums>): Partial<SuggestionMinimums> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<SuggestionMinimums>;
}

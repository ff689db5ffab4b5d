import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ValidationOptions, ValidateBy } from 'class-validator';

/** Longest candidate accepted as text: the JSON body limit (100 KiB), far above any real policy (the default one is 7 KiB). */
export const MAX_CANDIDATE_LENGTH = 100 * 1024;

/** The OpenAPI schemas a candidate policy field may take: YAML or JSON text, or the document as an object. */
export const CANDIDATE_POLICY_ONE_OF: SchemaObject[] = [
  { type: 'string', description: 'The policy as YAML (or JSON) text, as in a policy file.' },
  { type: 'object', additionalProperties: true, description: 'The policy document as a JSON object.' },
];

/**
 * A candidate policy field: YAML or JSON text (at most {@link MAX_CANDIDATE_LENGTH} characters) or
 * a plain object. What it says is checked by the policy parser, not here.
 */
export function IsCandidatePolicy(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCandidatePolicy',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_CANDIDATE_LENGTH) ||
          (typeof value === 'object' && value !== null && !Array.isArray(value)),
        defaultMessage: () => `must be the policy as YAML or JSON text (at most ${MAX_CANDIDATE_LENGTH} characters) or as an object`,
      },
    },
    options,
  );
}

import { SCORING_METHODS, ScoringMethod } from './policy.types';

/** True when `value` names a scoring method. */
export function isScoringMethod(value: unknown): value is ScoringMethod {
  return typeof value === 'string' && (SCORING_METHODS as readonly string[]).includes(value);
}

/**
 * The closed range a scoring method's scores fall in, and so the range its thresholds must
 * fall in: cosine similarity is in [-1, 1], a probability in [0, 1].
 */
export function scoreRange(scoring: ScoringMethod): readonly [min: number, max: number] {
  return scoring === 'cosine' ? [-1, 1] : [0, 1];
}

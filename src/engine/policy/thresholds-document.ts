import { IsDefined, IsNumber } from 'class-validator';

// Infinity and NaN are representable in YAML (.inf, .nan) but never a sensible threshold.
const FINITE = { allowNaN: false, allowInfinity: false } as const;

/**
 * `thresholds:` of a category as written in YAML. Ranges depend on the category's scoring
 * method, so they are checked by the semantic pass, not here.
 */
export class ThresholdsDocument {
  @IsNumber(FINITE, { message: 'must be a finite number' })
  @IsDefined({ message: 'is required' })
  review!: number;

  @IsNumber(FINITE, { message: 'must be a finite number' })
  @IsDefined({ message: 'is required' })
  block!: number;
}

import { PDQ_WORDS, setPdqBit } from './pdq-hash';

/** Index of the median the reference thresholds at: the lower of the two middle values of 256. */
const LOWER_MEDIAN = 127;

/**
 * One bit per coefficient: set where the coefficient is above the median of all 256, so about
 * half the bits are set whatever the image's brightness or contrast.
 */
export function thresholdAtMedian(coefficients: Float64Array): Uint32Array {
  const median = Float64Array.from(coefficients).sort()[LOWER_MEDIAN]!;
  const words = new Uint32Array(PDQ_WORDS);
  for (let bit = 0; bit < coefficients.length; bit += 1) {
    if (coefficients[bit]! > median) setPdqBit(words, bit);
  }
  return words;
}

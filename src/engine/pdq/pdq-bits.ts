import { PDQ_WORDS } from './pdq-hash';

// A module's own constant: an imported binding is a property load at every use, in the hot loops too.
const WORD_COUNT = PDQ_WORDS;

/** Index of the median the reference thresholds at: the lower of the two middle values of 256. */
const LOWER_MEDIAN = 127;

/** A copy to select in, kept between calls (hashing is synchronous). */
let selecting = new Float64Array(256);

/**
 * One bit per coefficient: set where the coefficient is above the median of all 256, so about
 * half the bits are set whatever the image's brightness or contrast. Written to `words`.
 */
export function thresholdAtMedian(coefficients: Float64Array, words = new Uint32Array(PDQ_WORDS)): Uint32Array {
  const median = lowerMedian(coefficients);
  words.fill(0);
  // As setPdqBit: bit k lands in word 7 - k / 32 (inlined: this runs for every bit of every hash).
  for (let bit = 0; bit < coefficients.length; bit += 1) {
    if (coefficients[bit]! > median) words[WORD_COUNT - 1 - (bit >>> 5)] |= 1 << (bit & 31);
  }
  return words;
}

/**
 * The value at LOWER_MEDIAN of the coefficients sorted ascending, found by selection (Hoare's
 * partition) rather than a full sort. Ties give the same value either way (+0 and -0 compare
 * alike with `>`); only NaN, which `<` cannot place, goes to the sort, which puts it last.
 */
function lowerMedian(coefficients: Float64Array): number {
  const count = coefficients.length;
  if (selecting.length < count) selecting = new Float64Array(count);
  const values = selecting;
  for (let index = 0; index < count; index += 1) {
    const value = coefficients[index]!;
    if (value !== value) return Float64Array.from(coefficients).sort()[LOWER_MEDIAN]!;
    values[index] = value;
  }
  let left = 0;
  let right = count - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let low = left;
    let high = right;
    while (low <= high) {
      while (values[low]! < pivot) low += 1;
      while (values[high]! > pivot) high -= 1;
      if (low <= high) {
        const swap = values[low]!;
        values[low] = values[high]!;
        values[high] = swap;
        low += 1;
        high -= 1;
      }
    }
    // Now values[left..high] <= pivot <= values[low..right], and anything between equals the pivot.
    if (LOWER_MEDIAN <= high) right = high;
    else if (LOWER_MEDIAN >= low) left = low;
    else return values[LOWER_MEDIAN]!;
  }
  return values[LOWER_MEDIAN]!;
}

/**
 * One category's scores on the examples labelled for it, and whether each is positive. Examples
 * without a label for the category are left out here, so every metric counts only real labels.
 */
export interface LabelledScores {
  readonly scores: Float64Array;
  /** 1 for a positive (violating) example, 0 for a negative one; same order as `scores`. */
  readonly positive: Uint8Array;
  readonly positives: number;
  readonly negatives: number;
}

/** Pairs scores with labels, keeping the labelled entries only. */
export function labelledScores(scores: ArrayLike<number>, labels: ArrayLike<boolean | undefined>): LabelledScores {
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  const kept: number[] = [];
  for (let index = 0; index < labels.length; index++) if (labels[index] !== undefined) kept.push(index);
  const out = new Float64Array(kept.length);
  const positive = new Uint8Array(kept.length);
  let positives = 0;
  kept.forEach((index, at) => {
    out[at] = scores[index]!;
    positive[at] = labels[index] ? 1 : 0;
    positives += positive[at]!;
  });
  return { scores: out, positive, positives, negatives: kept.length - positives };
}

/** The side of PDQ's downsampled image. */
export const PDQ_GRID = 64;

/**
 * Box width along an axis of `length` pixels: half of one output cell, rounded up, because two
 * passes together span a whole cell. Never below 1, so small images pass unblurred.
 */
export function jaroszWindow(length: number, outputLength = PDQ_GRID): number {
  return Math.max(1, Math.ceil(length / (2 * outputLength)));
}

/**
 * How the tent filter meets one axis. A box of `window` samples reaches from `before` samples
 * before its output to `after` after it (one more after than before when the window is even), cut
 * off at the ends of the line, the mean then taken over what is left. The second pass is only
 * needed under the 64 sampled outputs, so only the inputs of those 64 boxes (`needed`) are needed
 * from the first pass.
 */
export interface AxisPlan {
  length: number;
  window: number;
  before: number;
  after: number;
  /** Per output cell: the first and last input of its second-pass box. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** Per output cell: where `first` sits in `needed`. */
  readonly neededFirst: Int32Array;
  /** The sorted distinct inputs of the 64 boxes, then -1. */
  needed: Int32Array;
  neededCount: number;
  /** Per needed input: the first input and the size of its own (first-pass) box, cut off at the ends. */
  boxFirst: Int32Array;
  boxSize: Int32Array;
}

export function createAxisPlan(): AxisPlan {
  const cells = (): Int32Array => new Int32Array(PDQ_GRID);
  const none = new Int32Array(1);
  return { length: 0, window: 1, before: 0, after: 0, first: cells(), last: cells(), neededFirst: cells(), needed: none, neededCount: 0, boxFirst: none, boxSize: none };
}

/** Fills `plan` for an axis of `length` (at least 1) samples, reusing its arrays. */
export function planAxis(plan: AxisPlan, length: number): void {
  const window = jaroszWindow(length);
  plan.length = length;
  plan.window = window;
  plan.after = ((window + 2) >> 1) - 1;
  plan.before = window - 1 - plan.after;
  if (plan.needed.length < length + 1) {
    plan.needed = new Int32Array(length + 1);
    plan.boxFirst = new Int32Array(length + 1);
    plan.boxSize = new Int32Array(length + 1);
  }
  const { first, last, neededFirst, needed, boxFirst, boxSize, before, after } = plan;
  let count = 0;
  let lastNeeded = -1;
  for (let cell = 0; cell < PDQ_GRID; cell += 1) {
    // The pixel under the cell's centre (`| 0` floors: the value is small and not negative).
    const at = (((cell + 0.5) * length) / PDQ_GRID) | 0;
    const from = at > before ? at - before : 0;
    const to = at + after < length ? at + after : length - 1;
    first[cell] = from;
    last[cell] = to;
    // Boxes move forward with the cell, so an overlap with earlier boxes is the tail of `needed`.
    neededFirst[cell] = from > lastNeeded ? count : count - 1 - (lastNeeded - from);
    for (let index = from > lastNeeded ? from : lastNeeded + 1; index <= to; index += 1) {
      const boxStart = index > before ? index - before : 0;
      needed[count] = index;
      boxFirst[count] = boxStart;
      boxSize[count] = (index + after < length ? index + after : length - 1) - boxStart + 1;
      count += 1;
    }
    if (to > lastNeeded) lastNeeded = to;
  }
  needed[count] = -1;
  plan.neededCount = count;
}

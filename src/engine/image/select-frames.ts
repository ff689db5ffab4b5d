/**
 * Picks which frames of an animation to score: at most `maxFrames`, spread evenly from the first
 * frame to the last so that content shown late in a long animation is not missed. Indices are
 * strictly increasing and always start at 0.
 */
export function selectFrameIndices(frameCount: number, maxFrames: number): number[] {
  const total = Math.max(1, Math.floor(frameCount));
  const wanted = Math.max(1, Math.min(total, Math.floor(maxFrames)));
  if (wanted === 1) return [0];
  const step = (total - 1) / (wanted - 1);
  // step >= 1, so rounding never makes two indices collide.
  return Array.from({ length: wanted }, (_, index) => Math.round(index * step));
}

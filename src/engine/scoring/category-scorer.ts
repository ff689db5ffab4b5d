import { CompiledCategory } from './compiled-policy';

/** How one category scored one image embedding. */
export interface CategoryScore {
  readonly score: number;
  /** The category prompt most similar to the image. */
  readonly bestPrompt: string;
  /** Cosine similarity of the image to {@link CategoryScore.bestPrompt}. */
  readonly bestSimilarity: number;
}

/**
 * Scores a unit image embedding against one category.
 * - `cosine`: the similarity to the best-matching prompt.
 * - `contrast-softmax`: softmax over the similarities to every prompt and contrast prompt, scaled by
 *   the policy's logit scale; the score is the probability mass on the category's own prompts.
 */
export function scoreCategory(compiled: CompiledCategory, image: Float32Array, dim: number, logitScale: number): CategoryScore {
  const similarities = dotRows(compiled.promptMatrix, compiled.prompts.length, image, dim);
  let best = 0;
  for (let i = 1; i < similarities.length; i++) if (similarities[i]! > similarities[best]!) best = i;
  const bestSimilarity = similarities[best]!;
  const bestPrompt = compiled.prompts[best]!;
  if (compiled.category.scoring === 'cosine') return { score: bestSimilarity, bestPrompt, bestSimilarity };

  const contrast = dotRows(compiled.contrastMatrix, compiled.contrastPrompts.length, image, dim);
  const logits = [...similarities, ...contrast].map((similarity) => similarity * logitScale);
  const peak = Math.max(...logits);
  let own = 0;
  let total = 0;
  logits.forEach((logit, index) => {
    const weight = Math.exp(logit - peak);
    total += weight;
    if (index < similarities.length) own += weight;
  });
  return { score: own / total, bestPrompt, bestSimilarity };
}

function dotRows(matrix: Float32Array, rows: number, vector: Float32Array, dim: number): number[] {
  const out = new Array<number>(rows);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    const offset = row * dim;
    for (let i = 0; i < dim; i++) sum += matrix[offset + i]! * vector[i]!;
    out[row] = sum;
  }
  return out;
}

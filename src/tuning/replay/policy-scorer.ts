import { CompiledPolicy } from '../../engine/scoring/compiled-policy';
import { similarityMatrix } from './similarity-kernel';

/** Every category's score for every decision of a page. */
export interface PolicyScores {
  readonly count: number;
  /** Category ids in policy order. */
  readonly categoryIds: readonly string[];
  /** `scores[c][i]`: category c's score for decision i. */
  readonly scores: readonly Float64Array[];
}

interface CategoryLayout {
  readonly cosine: boolean;
  /** First column of the category's prompts in the similarity matrix, then its contrast prompts. */
  readonly start: number;
  readonly prompts: number;
  readonly contrasts: number;
}

/**
 * Scores pages of frame embeddings against a compiled policy, vectorised: all prompts of all
 * categories are stacked into one matrix, the page's similarities come from one kernel pass,
 * and each category's score is then read off its columns.
 *
 * The arithmetic after the similarities is the engine's `scoreCategory` and `decide`, operation
 * for operation (best prompt by first maximum, softmax over prompts then contrast prompts with
 * the peak subtracted, the worst frame of an animation by strictly greater score), so a replayed
 * score is bitwise the live one; a test holds the two to that.
 */
export class PolicyScorer {
  private readonly prompts: Float32Array;
  private readonly promptCount: number;
  private readonly layout: readonly CategoryLayout[];
  private similarities = new Float64Array(0);

  constructor(private readonly compiled: CompiledPolicy) {
    const layout: CategoryLayout[] = [];
    let start = 0;
    for (const entry of compiled.categories) {
      layout.push({ cosine: entry.category.scoring === 'cosine', start, prompts: entry.prompts.length, contrasts: entry.contrastPrompts.length });
      start += entry.prompts.length + entry.contrastPrompts.length;
    }
    this.layout = layout;
    this.promptCount = start;
    this.prompts = new Float32Array(start * compiled.dim);
    let row = 0;
    for (const entry of compiled.categories) {
      this.prompts.set(entry.promptMatrix, row * compiled.dim);
      row += entry.prompts.length;
      this.prompts.set(entry.contrastMatrix, row * compiled.dim);
      row += entry.contrastPrompts.length;
    }
  }

  /** Width of the embeddings the policy was compiled for. */
  get dim(): number {
    return this.compiled.dim;
  }

  /** Scores `count` decisions whose frames are `frames`, split by `frameOffsets` (see StoredDecisionPage). */
  score(frames: Float32Array, frameOffsets: Int32Array, count: number): PolicyScores {
    const { dim } = this.compiled;
    const { logitScale } = this.compiled.policy;
    const rowCount = frameOffsets[count]!;
    if (frames.length < rowCount * dim) throw new RangeError(`${rowCount} frames of width ${dim} need ${rowCount * dim} values, got ${frames.length}`);
    const width = this.promptCount;
    // One buffer reused page after page (score is synchronous, so pages never share it at once).
    if (this.similarities.length < rowCount * width) this.similarities = new Float64Array(rowCount * width);
    const sims = this.similarities;
    similarityMatrix(frames, rowCount, this.prompts, width, dim, sims);
    const scores = this.layout.map((category) => {
      const out = new Float64Array(count);
      for (let decision = 0; decision < count; decision++) {
        let best = -Infinity;
        for (let row = frameOffsets[decision]!; row < frameOffsets[decision + 1]!; row++) {
          const score = category.cosine ? cosineScore(sims, row * width + category.start, category.prompts) : softmaxScore(sims, row * width + category.start, category, logitScale);
          // Strictly greater, first frame first: the engine keeps the earliest of equal frames.
          if (row === frameOffsets[decision] || score > best) best = score;
        }
        out[decision] = best;
      }
      return out;
    });
    return { count, categoryIds: this.compiled.categories.map((entry) => entry.category.id), scores };
  }
}

/** The similarity of the best-matching prompt. */
function cosineScore(sims: Float64Array, start: number, prompts: number): number {
  let best = sims[start]!;
  for (let index = 1; index < prompts; index++) if (sims[start + index]! > best) best = sims[start + index]!;
  return best;
}

/** The probability mass on the category's own prompts in a softmax over prompts and contrasts. */
function softmaxScore(sims: Float64Array, start: number, category: CategoryLayout, logitScale: number): number {
  const total = category.prompts + category.contrasts;
  let peak = -Infinity;
  for (let index = 0; index < total; index++) {
    const logit = sims[start + index]! * logitScale;
    if (logit > peak) peak = logit;
  }
  let own = 0;
  let sum = 0;
  for (let index = 0; index < total; index++) {
    const weight = Math.exp(sims[start + index]! * logitScale - peak);
    sum += weight;
    if (index < category.prompts) own += weight;
  }
  return own / sum;
}

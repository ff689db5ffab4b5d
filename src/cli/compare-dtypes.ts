import { ModerationDecision } from '../engine/scoring/moderation-decision';

/** One image scored under both weight variants. */
export interface DecisionPair {
  readonly file: string;
  readonly reference: ModerationDecision;
  readonly candidate: ModerationDecision;
}

/** An image whose action or triggered categories differ between the variants. */
export interface ChangedDecision {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly triggeredFrom: readonly string[];
  readonly triggeredTo: readonly string[];
}

/** How far a candidate variant (int8, say) strays from the reference (fp32) on the same images. */
export interface DtypeComparison {
  readonly images: number;
  /** Cosine between the two variants' embeddings of the same frame, over every frame scored. */
  readonly cosine: { readonly mean: number; readonly min: number; readonly minFile: string | null };
  readonly changed: readonly ChangedDecision[];
  /** Largest change of any category score, and where. */
  readonly maxScoreChange: { readonly value: number; readonly category: string | null; readonly file: string | null };
}

/** Compares decisions made on the same images by two weight variants of one model. */
export function compareDtypes(pairs: readonly DecisionPair[]): DtypeComparison {
  let cosineSum = 0;
  let frames = 0;
  let min = { value: 1, file: null as string | null };
  let maxScore = { value: 0, category: null as string | null, file: null as string | null };
  const changed: ChangedDecision[] = [];
  for (const { file, reference, candidate } of pairs) {
    reference.frameEmbeddings.forEach((embedding, frame) => {
      const cosine = dot(embedding, candidate.frameEmbeddings[frame] ?? []);
      cosineSum += cosine;
      frames++;
      if (cosine < min.value) min = { value: cosine, file };
    });
    for (const category of reference.categories) {
      const other = candidate.categories.find((entry) => entry.id === category.id);
      const change = other ? Math.abs(other.score - category.score) : 0;
      if (change > maxScore.value) maxScore = { value: change, category: category.id, file };
    }
    const sameTriggered = reference.triggered.join(',') === candidate.triggered.join(',');
    if (reference.action !== candidate.action || !sameTriggered) {
      changed.push({ file, from: reference.action, to: candidate.action, triggeredFrom: reference.triggered, triggeredTo: candidate.triggered });
    }
  }
  return {
    images: pairs.length,
    cosine: { mean: frames > 0 ? cosineSum / frames : Number.NaN, min: frames > 0 ? min.value : Number.NaN, minFile: min.file },
    changed,
    maxScoreChange: maxScore,
  };
}

/** Embeddings are unit length, so their dot product is their cosine. */
function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}

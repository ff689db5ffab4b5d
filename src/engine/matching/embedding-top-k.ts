/** One search result: a stored id and its cosine similarity to the query, from the quantised vectors. */
export interface EmbeddingMatch {
  readonly id: number;
  readonly similarity: number;
}

/** Whether (similarity, id) ranks below (otherSimilarity, otherId): lower similarity, or equal and a higher id. */
function ranksBelow(similarity: number, id: number, otherSimilarity: number, otherId: number): boolean {
  return similarity < otherSimilarity || (similarity === otherSimilarity && id > otherId);
}

/**
 * The best `limit` (similarity, id) pairs seen so far, higher similarity first and the lower id
 * on equal similarity: a binary heap whose root is the worst kept pair, in typed arrays.
 */
export class EmbeddingTopK {
  private readonly similarities: Float64Array;
  private readonly ids: Float64Array;
  private length = 0;

  constructor(private readonly limit: number) {
    this.similarities = new Float64Array(limit);
    this.ids = new Float64Array(limit);
  }

  /** Whether a pair would be kept: room is left, or it beats the worst kept pair. */
  wants(similarity: number, id: number): boolean {
    if (this.length < this.limit) return true;
    return ranksBelow(this.similarities[0]!, this.ids[0]!, similarity, id);
  }

  /** Keeps a pair that `wants` accepted, dropping the worst when full. */
  push(similarity: number, id: number): void {
    if (this.length < this.limit) {
      let child = this.length;
      this.length += 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!ranksBelow(similarity, id, this.similarities[parent]!, this.ids[parent]!)) break;
        this.similarities[child] = this.similarities[parent]!;
        this.ids[child] = this.ids[parent]!;
        child = parent;
      }
      this.similarities[child] = similarity;
      this.ids[child] = id;
      return;
    }
    // Replace the root and sift the new pair down past every worse child.
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= this.length) break;
      const sibling = child + 1;
      if (sibling < this.length && ranksBelow(this.similarities[sibling]!, this.ids[sibling]!, this.similarities[child]!, this.ids[child]!)) child = sibling;
      if (!ranksBelow(this.similarities[child]!, this.ids[child]!, similarity, id)) break;
      this.similarities[parent] = this.similarities[child]!;
      this.ids[parent] = this.ids[child]!;
      parent = child;
    }
    this.similarities[parent] = similarity;
    this.ids[parent] = id;
  }

  /** The kept pairs, best first; similarities are clamped to [-1, 1], which rounding can pass. */
  sorted(): EmbeddingMatch[] {
    const matches: EmbeddingMatch[] = [];
    for (let index = 0; index < this.length; index += 1) matches.push({ id: this.ids[index]!, similarity: this.similarities[index]! });
    matches.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
    return matches.map((match) => ({ id: match.id, similarity: Math.min(1, Math.max(-1, match.similarity)) }));
  }
}

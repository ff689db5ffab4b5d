import { join } from 'node:path';
import { EmbeddingIndex } from '../../../engine/matching/embedding-index';
import { ModerationAction } from '../../../engine/policy/moderation-action';
import { DecisionFacts, FactFilter } from './decision-facts';
import { DecisionKeyTable, uuidWords } from './decision-key-table';
import { readFactsSnapshot, writeFactsSnapshot } from './facts-snapshot';

/** One decision as the index takes it. */
export interface SearchableDecision {
  readonly id: string;
  readonly decidedAtMs: number;
  readonly policyId: string;
  readonly action: ModerationAction;
  readonly reviewed: boolean;
  /** The unit CLIP image embedding. */
  readonly embedding: Float32Array;
}

/** A search result: a decision id and its cosine similarity to the query. */
export interface DecisionMatch {
  readonly id: string;
  readonly similarity: number;
}

/** How many matches, and how close. */
export interface DecisionSearchLimits {
  readonly limit: number;
  readonly minSimilarity?: number;
}

const EMBEDDINGS_FILE = 'decisions.embeddings';
const FACTS_FILE = 'decisions.facts';

/**
 * The decisions a search can find: the exact int8 {@link EmbeddingIndex} of their image
 * embeddings, keyed by small numbers, with the decision ids behind those numbers
 * ({@link DecisionKeyTable}) and what filters read ({@link DecisionFacts}). The index is made at
 * the first embedding, whose length sets the dimensions; embeddings of another length (another
 * model's) are refused.
 */
export class SearchableDecisions {
  private index: EmbeddingIndex | null = null;
  private readonly keys: DecisionKeyTable;
  private readonly facts: DecisionFacts;

  constructor(parts?: { index: EmbeddingIndex; keys: DecisionKeyTable; facts: DecisionFacts }) {
    this.index = parts?.index ?? null;
    this.keys = parts?.keys ?? new DecisionKeyTable();
    this.facts = parts?.facts ?? new DecisionFacts();
  }

  /** Decisions held. */
  get size(): number {
    return this.index?.size ?? 0;
  }

  /** Bytes of the index, the ids and the facts. */
  get memoryBytes(): number {
    return (this.index?.memoryBytes ?? 0) + this.keys.byteLength + this.facts.byteLength;
  }

  has(id: string): boolean {
    const key = this.keys.find(id);
    return key >= 0 && this.facts.isLive(key);
  }

  /** Adds the decision, or replaces what it had; false (nothing changed) for an embedding of another length or an id that is not a lowercase UUID. */
  put(decision: SearchableDecision): boolean {
    if (decision.embedding.length === 0 || uuidWords(decision.id) === null) return false;
    const index = (this.index ??= new EmbeddingIndex(decision.embedding.length));
    if (decision.embedding.length !== index.dimensions) return false;
    const key = this.keys.keyOf(decision.id);
    try {
      index.add(key, decision.embedding);
    } catch {
      // A damaged stored embedding (zeros, NaN) has no direction to compare; the key stays unused.
      return false;
    }
    this.facts.set(key, decision);
    return true;
  }

  /** A person closed a review of the decision (nothing happens when it is not held). */
  markReviewed(id: string): void {
    const key = this.keys.find(id);
    if (key >= 0) this.facts.markReviewed(key);
  }

  /** Takes the decision out; false when it was not held. */
  remove(id: string): boolean {
    const key = this.keys.find(id);
    if (key < 0 || !this.facts.isLive(key)) return false;
    this.index?.remove(key);
    this.facts.markGone(key);
    return true;
  }

  /**
   * The decisions most similar to `query` among those `filter` keeps, best first. Synchronous: it
   * scans every vector on the calling thread (about 60-80 ms for 1,000,000 decisions).
   */
  search(query: Float32Array, filter: FactFilter, limits: DecisionSearchLimits): DecisionMatch[] {
    if (this.index === null || query.length !== this.index.dimensions) return [];
    const matches = this.index.search(query, { limit: limits.limit, minSimilarity: limits.minSimilarity, accept: this.facts.matcher(filter) });
    return matches.map((match) => ({ id: this.keys.idOf(match.id), similarity: match.similarity }));
  }

  /**
   * Writes the index and the ids and facts to two files in `dir`, both carrying `mark`. Both are
   * captured before the first await, so changes made during the write reach neither. Nothing is
   * written before the first decision.
   */
  async writeSnapshot(dir: string, mark: string): Promise<boolean> {
    const index = this.index;
    if (index === null) return false;
    const facts = { mark, words: this.keys.exportWords(), facts: this.facts.export(this.keys.size) };
    const embeddings = index.writeSnapshot(join(dir, EMBEDDINGS_FILE), mark);
    // Awaited below; handled here too, so its failure during the other write is not "unhandled".
    embeddings.catch(() => undefined);
    try {
      await writeFactsSnapshot(join(dir, FACTS_FILE), facts);
    } finally {
      await embeddings;
    }
    return true;
  }

  /**
   * The decisions and mark written to `dir`; undefined when either file is missing. Throws an Error
   * for files that are damaged or were not written together (their marks differ).
   */
  static async readSnapshot(dir: string): Promise<{ decisions: SearchableDecisions; mark: string } | undefined> {
    const facts = await readFactsSnapshot(join(dir, FACTS_FILE));
    if (!facts) return undefined;
    const embeddings = await EmbeddingIndex.readSnapshot(join(dir, EMBEDDINGS_FILE));
    if (!embeddings) return undefined;
    if (embeddings.highWaterMark !== facts.mark) throw new Error(`the search snapshot files in ${dir} were not written together`);
    const keys = DecisionKeyTable.fromWords(facts.words);
    const restored = DecisionFacts.fromArrays(facts.facts);
    let live = 0;
    for (let key = 0; key < keys.size; key += 1) if (restored.isLive(key)) live += 1;
    if (live !== embeddings.index.size) throw new Error(`the search snapshot in ${dir} lists ${live} decisions and holds ${embeddings.index.size} embeddings`);
    return { decisions: new SearchableDecisions({ index: embeddings.index, keys, facts: restored }), mark: facts.mark };
  }
}

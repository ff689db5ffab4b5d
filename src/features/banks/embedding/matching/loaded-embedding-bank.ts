import { EmbeddingIndex } from '../../../../engine/matching';
import { MAX_MATCHES_PER_BANK } from '../../matching/loaded-bank';
import { EmbeddingBankSettings } from '../embedding-bank-types';

/** An upload's embedding at least a bank's threshold similar to one of its entries. */
export interface EmbeddingBankMatch {
  readonly entryId: number;
  readonly label: string | null;
  /** Cosine similarity as the int8 index computes it (within about 0.001 of the exact value). */
  readonly similarity: number;
}

/**
 * One embedding bank as a process holds it: its settings, the revision they and the entries are
 * at, and (while enabled) the embeddings of its entries made by the server's model, in an exact
 * int8 EmbeddingIndex. The index takes its dimension count from the first entry, so a bank is
 * never tied to one model size. Changes apply in place.
 */
export class LoadedEmbeddingBank {
  private readonly labels = new Map<number, string>();
  private index: EmbeddingIndex | null = null;

  constructor(
    readonly id: string,
    public name: string,
    public settings: EmbeddingBankSettings,
    public revision: number,
  ) {}

  /** Entries held (0 while disabled: a disabled bank's entries are not loaded). */
  get size(): number {
    return this.index?.size ?? 0;
  }

  /** True when the bank was loaded enabled, i.e. its entries are in memory. */
  get indexed(): boolean {
    return this.settings.enabled;
  }

  add(id: number, embedding: Float32Array, label: string | null): void {
    if (!this.settings.enabled) return;
    this.index ??= new EmbeddingIndex(embedding.length);
    // An entry of another size cannot be compared with the others; the model check keeps them out.
    if (embedding.length !== this.index.dimensions) return;
    this.index.add(id, embedding);
    if (label === null) this.labels.delete(id);
    else this.labels.set(id, label);
  }

  remove(entryId: number): void {
    this.index?.remove(entryId);
    this.labels.delete(entryId);
  }

  /** Entries at least the bank's threshold similar to `embedding`, most similar first; none while disabled. */
  match(embedding: Float32Array): EmbeddingBankMatch[] {
    const index = this.index;
    if (!index || !this.settings.enabled || index.size === 0 || embedding.length !== index.dimensions) return [];
    return index
      .search(embedding, { limit: MAX_MATCHES_PER_BANK, minSimilarity: this.settings.threshold })
      .map((match) => ({ entryId: match.id, label: this.labels.get(match.id) ?? null, similarity: Math.min(1, round(match.similarity)) }));
  }

  clear(): void {
    this.index = null;
    this.labels.clear();
  }
}

/** Six places: far finer than the index's precision, and stable in JSON. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

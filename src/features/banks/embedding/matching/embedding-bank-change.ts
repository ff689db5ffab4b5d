import { BankRevision } from '../../bank-revision';
import { EmbeddingBankSettings } from '../embedding-bank-types';

/** An entry as a change hands it to the matcher: its embedding decoded, and the model that made it. */
export interface EmbeddingEntryToIndex {
  readonly id: number;
  readonly embedding: Float32Array;
  readonly label: string | null;
  readonly modelHash: string;
}

/**
 * A change this process just committed, for its embedding matcher to apply at once. A matcher that
 * holds the bank at the revision the change started from applies it in place; otherwise it reloads.
 */
export type EmbeddingBankChange =
  | { readonly kind: 'entry-added'; readonly revision: BankRevision; readonly entry: EmbeddingEntryToIndex }
  | { readonly kind: 'entry-removed'; readonly revision: BankRevision; readonly entryId: number }
  | { readonly kind: 'settings'; readonly revision: BankRevision; readonly name: string; readonly settings: EmbeddingBankSettings }
  /** A new bank: read whole. */
  | { readonly kind: 'reload'; readonly bankId: string }
  | { readonly kind: 'deleted'; readonly bankId: string };

/** Where embedding bank changes go: the process's matcher. */
export interface EmbeddingBankChangeSink {
  apply(change: EmbeddingBankChange): Promise<void>;
}

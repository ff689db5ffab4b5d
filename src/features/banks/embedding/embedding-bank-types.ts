import { BankAction } from '../bank-types';

/**
 * Defaults of a new embedding bank. 0.92 leaves re-encoded and resized copies (above 0.95 with
 * CLIP ViT-B/32, 0.9999 with the test model) and light crops and edits inside, and keeps distinct
 * photos of a similar scene (up to about 0.9 with ViT-B/32) mostly out; README "Embedding banks".
 */
export const DEFAULT_EMBEDDING_BANK_SETTINGS = Object.freeze({ threshold: 0.92, action: 'review' as BankAction, enabled: true });

/** Lowest similarity a bank may ask for: below it, unrelated pictures of one kind would match. */
export const MIN_EMBEDDING_THRESHOLD = 0.5;

/** What an embedding bank matches and what a match means. */
export interface EmbeddingBankSettings {
  /** Least cosine similarity (0.5-1) between an upload's embedding and an entry's that matches. */
  readonly threshold: number;
  readonly action: BankAction;
  /** A disabled bank keeps its entries and matches nothing. */
  readonly enabled: boolean;
}

/** An embedding bank as the API shows it. */
export interface EmbeddingBank extends EmbeddingBankSettings {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly entryCount: number;
  /** Bumped by every change to the bank or its entries. */
  readonly revision: number;
  /** ISO-8601 times. */
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** How an entry reached its bank. */
export const EMBEDDING_ENTRY_SOURCES = ['review'] as const;

/** One of {@link EMBEDDING_ENTRY_SOURCES}. */
export type EmbeddingEntrySource = (typeof EMBEDDING_ENTRY_SOURCES)[number];

/** One picture in an embedding bank (its embedding stays in the database and in memory). */
export interface EmbeddingBankEntry {
  readonly id: number;
  readonly bankId: string;
  /** The decision whose picture it is. */
  readonly decisionId: string;
  /** The model that computed the embedding: entries match only while the server runs that model. */
  readonly modelHash: string;
  readonly label: string | null;
  readonly note: string | null;
  readonly source: EmbeddingEntrySource;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

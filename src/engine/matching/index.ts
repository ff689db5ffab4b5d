/**
 * Matching images against known content: an in-memory PDQ index searched by Hamming distance, and
 * an exact int8 embedding index searched by cosine similarity.
 */
export type { PdqDihedralMatch, PdqHashIndexOptions, PdqIndexMatch } from './pdq-hash-index';
export { PdqHashIndex } from './pdq-hash-index';
export type { EmbeddingMatch, EmbeddingSearchOptions } from './embedding-index';
export { EmbeddingIndex, EmbeddingSnapshotError } from './embedding-index';

import { PdqHash } from '../../engine/pdq/pdq-hash';
import { EmbeddingMatcher, KnownContentMatch, KnownContentMatcher } from '../../engine/scoring/known-content-match';

/** Token under which the banks feature provides {@link KnownContent}; without it nothing is matched. */
export const KNOWN_CONTENT = Symbol('KNOWN_CONTENT');

/** Banks of known content, as core needs them: the feature that keeps them plugs in here. */
export interface KnownContent {
  /** Handed to the engine for each image scored: matches its PDQ hashes (and their rotations, where a bank asks). */
  readonly match: KnownContentMatcher;
  /**
   * What a stored hash matches now (no rotations: only the hash itself is stored), so a decision
   * made before a bank changed is not reused for the same bytes after.
   */
  matchStored(pdq: PdqHash): readonly KnownContentMatch[];
  /**
   * Handed to the engine for each frame scored: matches a unit CLIP embedding against the
   * embedding banks. Also applied to a stored decision's embeddings before it is reused. Absent:
   * no embedding banks.
   */
  readonly matchEmbedding?: EmbeddingMatcher;
}

/** True when two lists name the same bank entries with the same actions (in any order). */
export function sameMatchedEntries(a: readonly KnownContentMatch[], b: readonly KnownContentMatch[]): boolean {
  // Hash and embedding entries are numbered apart, so the kind is part of what names an entry.
  const key = (match: KnownContentMatch): string => `${match.kind}:${match.bank.id}:${match.entry.id}:${match.action}`;
  const left = new Set(a.map(key));
  return left.size === new Set(b.map(key)).size && b.every((match) => left.has(key(match)));
}

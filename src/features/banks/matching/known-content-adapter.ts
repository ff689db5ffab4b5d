import { KnownContent } from '../../../core/banks/known-content';
import { PDQ_DIHEDRAL_TRANSFORMS } from '../../../engine/pdq/pdq-dihedral';
import { PdqDihedralHashes } from '../../../engine/pdq/pdq-from-luma';
import { pdqWordsFromHex } from '../../../engine/pdq/pdq-hash';
import { EmbeddingContentMatch, KnownContentMatch } from '../../../engine/scoring/known-content-match';
import { EmbeddingBankHit, EmbeddingBankMatcher } from '../embedding/matching/embedding-bank-matcher';
import { BankMatch } from './bank-match';
import { HashBankMatcher } from './hash-bank-matcher';

/** The hash banks (and the embedding banks, where given) as core's {@link KnownContent}: what every decision is matched against. */
export function knownContentFrom(matcher: HashBankMatcher, embeddings?: EmbeddingBankMatcher): KnownContent {
  return {
    match: (pdq: PdqDihedralHashes): readonly KnownContentMatch[] => {
      // Most deployments hold no bank: then every image skips the work below.
      if (matcher.empty) return [];
      // Only banks with dihedral matching on read the rotations; in the transforms' order, so a
      // match's variant index names its transform.
      const dihedral = PDQ_DIHEDRAL_TRANSFORMS.map((transform) => pdqWordsFromHex(pdq.variants[transform]));
      return matcher.match(pdq, dihedral).map(toKnownContentMatch);
    },
    matchStored: (pdq) => matcher.match(pdq).map(toKnownContentMatch),
    ...(embeddings ? { matchEmbedding: (embedding: Float32Array) => embeddings.match(embedding).map(toEmbeddingContentMatch) } : {}),
  };
}

function toEmbeddingContentMatch(hit: EmbeddingBankHit): EmbeddingContentMatch {
  return {
    kind: 'embedding',
    bank: { id: hit.bankId, name: hit.bankName },
    entry: { id: hit.entryId, label: hit.label },
    similarity: hit.similarity,
    threshold: hit.threshold,
    action: hit.action,
  };
}

function toKnownContentMatch(match: BankMatch): KnownContentMatch {
  return {
    kind: 'pdq',
    bank: { id: match.bankId, name: match.bankName },
    entry: { id: match.entryId, label: match.label },
    distance: match.distance,
    threshold: match.threshold,
    action: match.action,
    transform: PDQ_DIHEDRAL_TRANSFORMS[match.variant ?? 0] ?? 'original',
  };
}

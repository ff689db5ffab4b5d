import { PdqDihedralTransform } from '../pdq/pdq-dihedral';
import { PdqDihedralHashes } from '../pdq/pdq-from-luma';
import { ModerationAction, mostSevereAction } from '../policy/moderation-action';

/** What a match against a bank of known content does: enforce an action, or only be recorded. */
export type KnownContentAction = 'block' | 'review' | 'report';

/** The actions a bank may take, for validating configuration. */
export const KNOWN_CONTENT_ACTIONS: readonly KnownContentAction[] = ['block', 'review', 'report'];

/** How an image was compared with a bank: PDQ hashes by Hamming distance, CLIP embeddings by cosine similarity. */
export const KNOWN_CONTENT_MATCH_KINDS = ['pdq', 'embedding'] as const;

/** What every match says, whatever the kind of bank. */
interface KnownContentMatchBase {
  readonly bank: { readonly id: string; readonly name: string };
  readonly entry: { readonly id: number; readonly label: string | null };
  readonly action: KnownContentAction;
}

/** A hash bank entry within the bank's Hamming distance of the picture's PDQ hash. */
export interface PdqContentMatch extends KnownContentMatchBase {
  readonly kind: 'pdq';
  /** Bits that differ (0-256); a match is at or below `threshold`. */
  readonly distance: number;
  /** The bank's threshold when the image was compared. */
  readonly threshold: number;
  /** Which rotation or mirror image of the picture matched (`original` without dihedral matching). */
  readonly transform: PdqDihedralTransform;
}

/** An embedding bank entry whose CLIP embedding is at least the bank's similarity to the picture's. */
export interface EmbeddingContentMatch extends KnownContentMatchBase {
  readonly kind: 'embedding';
  /** Cosine similarity of the two unit embeddings (up to 1); a match is at or above `threshold`. */
  readonly similarity: number;
  /** The bank's least similarity when the image was compared. */
  readonly threshold: number;
}

/** One entry of a bank of known content that an image matched, with what explains the match. */
export type KnownContentMatch = PdqContentMatch | EmbeddingContentMatch;

/**
 * Compares an image's PDQ hashes with banks of known content. Called after decoding, before the
 * image waits for inference; it must be quick and must not throw.
 */
export type KnownContentMatcher = (pdq: PdqDihedralHashes) => readonly KnownContentMatch[];

/**
 * Compares one unit image embedding with banks of embeddings. Called once per scored frame right
 * after inference, before the policy is applied; it must be quick and must not throw.
 */
export type EmbeddingMatcher = (embedding: Float32Array) => readonly EmbeddingContentMatch[];

/** The action with bank matches folded in: `block` and `review` matches count like a category's, `report` only records. */
export function actionWithMatches(action: ModerationAction, matches: readonly KnownContentMatch[]): ModerationAction {
  return mostSevereAction([action, ...matches.flatMap((match) => (match.action === 'report' ? [] : [match.action]))]);
}

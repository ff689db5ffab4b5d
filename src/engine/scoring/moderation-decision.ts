import { ModerationAction } from '../policy/moderation-action';
import { CategorySeverity, CategoryThresholds, ScoringMethod } from '../policy/policy.types';
import { ImageFormat } from '../image/image-format';
import { PdqHash } from '../pdq/pdq-hash';
import { KnownContentMatch } from './known-content-match';

/** One category's verdict on an image, with everything needed to explain it later. */
export interface CategoryDecision {
  readonly id: string;
  /** Cosine similarity or contrast probability, per {@link CategoryDecision.scoring}. */
  readonly score: number;
  /** The thresholds in force when the score was compared. */
  readonly thresholds: CategoryThresholds;
  /** What the score triggers on its own; for a shadow category it is reported, never enforced. */
  readonly action: ModerationAction;
  readonly scoring: ScoringMethod;
  /** The prompt the image resembled most. */
  readonly bestPrompt: string;
  readonly bestSimilarity: number;
  readonly shadow: boolean;
  readonly severity: CategorySeverity;
  /** Which scored frame produced the score (0 for still images). */
  readonly frame: number;
}

/** Facts about the bytes that were scored. */
export interface ContentFacts {
  readonly sha256: string;
  readonly format: ImageFormat;
  readonly byteLength: number;
  readonly width: number;
  readonly height: number;
  /** Frames in the file. */
  readonly frameCount: number;
  /** Frames that were scored (at most the frame limit, spread over the animation). */
  readonly framesScored: number;
}

/** Milliseconds spent in each stage of one decision. */
export interface StageTimings {
  /** Format check, decoding and preprocessing (PDQ hashing included: it runs beside the frame decodes). */
  readonly decodeMs: number;
  /** Waiting for a batch to form and for the previous batch to finish. */
  readonly queueMs: number;
  /** The vision encoder run of the batch this image rode in. */
  readonly inferenceMs: number;
  /** Comparing embeddings with the policy's prompts. */
  readonly scoringMs: number;
  readonly totalMs: number;
}

/** What the engine decided for one image under one policy. */
export interface ModerationDecision {
  /**
   * The enforced action: the most severe of the non-shadow categories' actions, the `block` and
   * `review` actions of the banks the image matched (`matches`), and the policy default.
   */
  readonly action: ModerationAction;
  /** The action if shadow categories were enforced too; differs from `action` only through them. */
  readonly shadowAction: ModerationAction;
  /** Entries of banks of known content the picture matched, closest first; empty when none did. */
  readonly matches: readonly KnownContentMatch[];
  /** Non-shadow categories whose action is review or block. */
  readonly triggered: readonly string[];
  readonly policy: { readonly id: string; readonly version: string };
  readonly model: { readonly id: string; readonly hash: string };
  readonly content: ContentFacts;
  /**
   * PDQ perceptual hash (64 hex digits, as Meta's reference prints it) and quality (0-100) of the
   * picture; for an animation, of its first frame. The engine always sets it; null only on
   * decisions logged before hashes were stored.
   */
  readonly pdq: PdqHash | null;
  readonly categories: readonly CategoryDecision[];
  readonly timings: StageTimings;
  /** Unit image embedding of the frame that decided, kept so the decision can be replayed under another policy. */
  readonly embedding: readonly number[];
  /** Unit embeddings of every scored frame (one entry for still images). */
  readonly frameEmbeddings: ReadonlyArray<readonly number[]>;
  /** ISO-8601 time the decision was made. */
  readonly decidedAt: string;
}

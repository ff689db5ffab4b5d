import { ModerationAction } from '../policy/moderation-action';
import { CategorySeverity, CategoryThresholds, ScoringMethod } from '../policy/policy.types';
import { ImageFormat } from '../image/image-format';

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
  /** Format check, decoding and preprocessing. */
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
  /** The enforced action: the most severe action of the non-shadow categories, or the policy default. */
  readonly action: ModerationAction;
  /** The action if shadow categories were enforced too; differs from `action` only through them. */
  readonly shadowAction: ModerationAction;
  /** Non-shadow categories whose action is review or block. */
  readonly triggered: readonly string[];
  readonly policy: { readonly id: string; readonly version: string };
  readonly model: { readonly id: string; readonly hash: string };
  readonly content: ContentFacts;
  readonly categories: readonly CategoryDecision[];
  readonly timings: StageTimings;
  /** Unit image embedding of the frame that decided, kept so the decision can be replayed under another policy. */
  readonly embedding: readonly number[];
  /** Unit embeddings of every scored frame (one entry for still images). */
  readonly frameEmbeddings: ReadonlyArray<readonly number[]>;
  /** ISO-8601 time the decision was made. */
  readonly decidedAt: string;
}

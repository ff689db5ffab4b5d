import { BatchReceipt } from '../batching/micro-batcher';
import { PreparedImage } from '../image/prepare-image';
import { ModelIdentity } from '../model/model-identity';
import { Policy } from '../policy/policy.types';
import { Verdict } from './decide';
import { actionWithMatches, KnownContentMatch } from './known-content-match';
import { ModerationDecision } from './moderation-decision';

/** What went into one decision. */
export interface DecisionParts {
  readonly policy: Policy;
  readonly model: ModelIdentity;
  readonly image: PreparedImage;
  readonly receipts: readonly BatchReceipt<Float32Array>[];
  readonly verdict: Verdict;
  readonly frameEmbeddings: readonly Float32Array[];
  /** Bank entries the picture matched. */
  readonly matches: readonly KnownContentMatch[];
  /** performance.now() when the call started, and when scoring started. */
  readonly started: number;
  readonly scoringStarted: number;
}

/** The decision record: verdict, what was scored, by which policy and model, and how long each stage took. */
export function assembleDecision(parts: DecisionParts): ModerationDecision {
  const { policy, model, image, receipts, verdict, frameEmbeddings } = parts;
  const finished = performance.now();
  return {
    action: actionWithMatches(verdict.action, parts.matches),
    shadowAction: actionWithMatches(verdict.shadowAction, parts.matches),
    matches: parts.matches,
    triggered: verdict.triggered,
    policy: { id: policy.id, version: policy.version },
    model: { id: model.id, hash: model.hash },
    content: {
      sha256: image.sha256,
      format: image.format,
      byteLength: image.byteLength,
      width: image.width,
      height: image.height,
      frameCount: image.frameCount,
      // Frames the model saw: none when a bank match decided without it.
      framesScored: frameEmbeddings.length,
    },
    pdq: image.pdq ? { hash: image.pdq.hash, quality: image.pdq.quality } : null,
    categories: verdict.categories,
    timings: {
      decodeMs: round(image.decodeMs),
      queueMs: round(Math.max(0, ...receipts.map((receipt) => receipt.queueMs))),
      inferenceMs: round(Math.max(0, ...receipts.map((receipt) => receipt.runMs))),
      scoringMs: round(finished - parts.scoringStarted),
      totalMs: round(finished - parts.started),
    },
    embedding: frameEmbeddings.length > 0 ? Array.from(frameEmbeddings[verdict.decidingFrame]!) : [],
    frameEmbeddings: frameEmbeddings.map((embedding) => Array.from(embedding)),
    decidedAt: new Date().toISOString(),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

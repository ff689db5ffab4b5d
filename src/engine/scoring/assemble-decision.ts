import { BatchReceipt } from '../batching/micro-batcher';
import { PreparedImage } from '../image/prepare-image';
import { ModelIdentity } from '../model/model-identity';
import { Policy } from '../policy/policy.types';
import { Verdict } from './decide';
import { ModerationDecision } from './moderation-decision';

/** What went into one decision. */
export interface DecisionParts {
  readonly policy: Policy;
  readonly model: ModelIdentity;
  readonly image: PreparedImage;
  readonly receipts: readonly BatchReceipt<Float32Array>[];
  readonly verdict: Verdict;
  readonly frameEmbeddings: readonly Float32Array[];
  /** performance.now() when the call started, and when scoring started. */
  readonly started: number;
  readonly scoringStarted: number;
}

/** The decision record: verdict, what was scored, by which policy and model, and how long each stage took. */
export function assembleDecision(parts: DecisionParts): ModerationDecision {
  const { policy, model, image, receipts, verdict, frameEmbeddings } = parts;
  const finished = performance.now();
  return {
    action: verdict.action,
    shadowAction: verdict.shadowAction,
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
      framesScored: image.frames.length,
    },
    categories: verdict.categories,
    timings: {
      decodeMs: round(image.decodeMs),
      queueMs: round(Math.max(...receipts.map((receipt) => receipt.queueMs))),
      inferenceMs: round(Math.max(...receipts.map((receipt) => receipt.runMs))),
      scoringMs: round(finished - parts.scoringStarted),
      totalMs: round(finished - parts.started),
    },
    embedding: Array.from(frameEmbeddings[verdict.decidingFrame]!),
    frameEmbeddings: frameEmbeddings.map((embedding) => Array.from(embedding)),
    decidedAt: new Date().toISOString(),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

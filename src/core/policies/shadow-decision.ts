import { ModerationEngine } from '../../engine/moderation-engine';
import { Policy } from '../../engine/policy/policy.types';
import { decide } from '../../engine/scoring/decide';
import { actionWithMatches } from '../../engine/scoring/known-content-match';
import { ModerationDecision } from '../../engine/scoring/moderation-decision';

/**
 * What a candidate version decides for an image the active version has just decided, from the
 * same frame embeddings: the vision model does not run again, only the candidate's prompts are
 * compared (the same `decide` the engine uses, so the result equals scoring the bytes anew).
 * Decode and inference cost nothing here, and the timings say so.
 */
export async function shadowDecision(engine: Pick<ModerationEngine, 'compile'>, candidate: Policy, enforced: ModerationDecision): Promise<ModerationDecision> {
  const started = performance.now();
  const compiled = await engine.compile(candidate);
  const frames = enforced.frameEmbeddings.map((frame) => Float32Array.from(frame));
  const verdict = decide(compiled, frames);
  const scoringMs = Math.round((performance.now() - started) * 100) / 100;
  return {
    ...enforced,
    // The same bank matches apply to the candidate: banks belong to no policy version.
    action: actionWithMatches(verdict.action, enforced.matches),
    shadowAction: actionWithMatches(verdict.shadowAction, enforced.matches),
    triggered: verdict.triggered,
    categories: verdict.categories,
    policy: { id: candidate.id, version: candidate.version },
    timings: { decodeMs: 0, queueMs: 0, inferenceMs: 0, scoringMs, totalMs: scoringMs },
    embedding: Array.from(frames[verdict.decidingFrame]!),
    decidedAt: new Date().toISOString(),
  };
}

import { parsePolicy } from '../../src/engine/policy';
import { compilePolicy } from '../../src/engine/scoring/compile-policy';
import { decide } from '../../src/engine/scoring/decide';
import { actionOf } from '../../src/tuning/replay/action-codes';
import { actionsFromScores } from '../../src/tuning/replay/actions-from-scores';
import { pageFromEmbeddings } from '../../src/tuning/replay/page-from-embeddings';
import { PolicyScorer } from '../../src/tuning/replay/policy-scorer';
import { replayPolicy } from '../../src/tuning/replay/replay-policy';
import { actionWithMatches } from '../../src/engine/scoring/known-content-match';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

function unitVector(next: () => number, dim: number): Float32Array {
  const values = Float32Array.from({ length: dim }, () => next() * 2 - 1);
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

// Three categories of both scoring methods, with prompt counts that are not multiples of 4 (the
// kernel's tile) and a shadow category, so every path of the vectorised scorer is exercised.
const POLICY = parsePolicy(
  `
id: mixed
description: every scoring path
logitScale: 30
templates: ["a photo of {}", "a picture of {}"]
categories:
  - id: alpha
    description: contrast
    prompts: ["one", "two", "three"]
    contrastPrompts: ["four", "five"]
    scoring: contrast-softmax
    thresholds: { review: 0.5, block: 0.8 }
  - id: beta
    description: cosine
    prompts: ["six"]
    scoring: cosine
    thresholds: { review: 0.1, block: 0.3 }
  - id: gamma
    description: shadow contrast
    prompts: ["seven", "eight"]
    contrastPrompts: ["nine"]
    scoring: contrast-softmax
    shadow: true
    thresholds: { review: 0.4, block: 0.6 }
`,
  'mixed.yaml',
);

describe('PolicyScorer (vectorised replay scoring)', () => {
  it.each([17, 512])('gives bit-for-bit the scores and actions of the engine’s decide() at %i dimensions', async (dim) => {
    const next = random(dim);
    const compiled = await compilePolicy(POLICY, 'sha256:test', async (prompts) => new Map(prompts.map((prompt) => [prompt, unitVector(next, dim)])));
    // 43 decisions (not a multiple of 4), some animated with up to 4 frames.
    const decisions = Array.from({ length: 43 }, (_, index) => {
      const frames = Array.from({ length: index % 5 === 0 ? 1 + (index % 4) : 1 }, () => unitVector(next, dim));
      const verdict = decide(compiled, frames);
      return { id: `d${index}`, decidedAt: new Date(index).toISOString(), action: verdict.action, frameEmbeddings: frames, categories: verdict.categories, verdict };
    });
    const page = pageFromEmbeddings(decisions);
    const scores = new PolicyScorer(compiled).score(page.frames, page.frameOffsets, page.count);
    const actions = actionsFromScores(POLICY, scores);
    decisions.forEach((decision, index) => {
      decision.verdict.categories.forEach((category, c) => {
        expect(scores.scores[c]![index]).toBe(category.score);
        expect(actionOf(actions.categories[c]![index]!)).toBe(category.action);
      });
      expect(actionOf(actions.overall[index]!)).toBe(decision.verdict.action);
    });
    // The data must exercise what it claims to: every action appears somewhere.
    expect(new Set(decisions.map((decision) => decision.verdict.action)).size).toBeGreaterThan(1);
  });

  it('keeps what hash-bank matches demanded when a policy is replayed: banks belong to no policy version', async () => {
    const next = random(7);
    const compiled = await compilePolicy(POLICY, 'sha256:test', async (prompts) => new Map(prompts.map((prompt) => [prompt, unitVector(next, 17)])));
    const decisions = Array.from({ length: 30 }, (_, index) => {
      const frames = [unitVector(next, 17)];
      const verdict = decide(compiled, frames);
      const matches = index % 3 === 0 ? [{ action: 'block' as const }] : index % 3 === 1 ? [{ action: 'report' as const }] : [];
      return { id: `d${index}`, decidedAt: new Date(index).toISOString(), action: actionWithMatches(verdict.action, matches as never), frameEmbeddings: frames, categories: verdict.categories, matches };
    });
    expect(decisions.filter((decision, index) => index % 3 === 0 && decide(compiled, decision.frameEmbeddings).action !== 'block').length).toBeGreaterThan(0);
    const report = await replayPolicy([pageFromEmbeddings(decisions)], { candidate: compiled });
    // Re-scored under the same policy, nothing changes: the banked decisions stay blocked.
    expect(report.overall.changed).toBe(0);
    expect(report.overall.after.block).toBe(decisions.filter((decision) => decision.action === 'block').length);
  });
});

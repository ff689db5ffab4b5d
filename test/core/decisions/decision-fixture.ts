import { createHash } from 'node:crypto';
import { ModerationAction, mostSevereAction } from '../../../src/engine/policy/moderation-action';
import { Policy } from '../../../src/engine/policy/policy.types';
import { CategoryDecision, ModerationDecision } from '../../../src/engine/scoring/moderation-decision';

/** The model every fixture decision names. */
export const MODEL = { id: 'openai/clip-vit-base-patch32', hash: `sha256:${'ab'.repeat(32)}` };

/** A realistic policy: two enforced categories and one shadow category. */
export function makePolicy(id = 'marketplace', version = 'sha256:0123456789abcdef'): Policy {
  return {
    id,
    description: 'Listing photos: no weapons, no drugs.',
    version,
    defaultAction: 'allow',
    logitScale: 100,
    categories: [
      {
        id: 'weapons',
        description: 'Firearms and knives',
        prompts: ['a gun', 'a knife'],
        contrastPrompts: ['a toy water pistol'],
        templates: ['a photo of {}'],
        scoring: 'contrast-softmax',
        thresholds: { review: 0.6, block: 0.85 },
        shadow: false,
        severity: 'high',
      },
      {
        id: 'drugs',
        description: 'Drugs and paraphernalia',
        prompts: ['pills', 'a syringe'],
        contrastPrompts: [],
        templates: [],
        scoring: 'cosine',
        thresholds: { review: 0.24, block: 0.3 },
        shadow: false,
        severity: 'medium',
      },
      {
        id: 'counterfeit',
        description: 'Trial: fake designer goods',
        prompts: ['a counterfeit handbag'],
        contrastPrompts: [],
        templates: ['a photo of {}'],
        scoring: 'cosine',
        thresholds: { review: 0.22, block: 0.28 },
        shadow: true,
        severity: 'low',
      },
    ],
    sourceFile: '/srv/policies/marketplace.yaml',
  };
}

/** An 8-dimensional unit vector whose values are not exactly representable in float32. */
export function unitEmbedding(seed: number): number[] {
  const raw = Array.from({ length: 8 }, (_, index) => Math.sin(seed * 12.9898 + index * 78.233) + 0.1 / (index + 1));
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0));
  return raw.map((value) => value / norm);
}

/** What each category decides in a {@link makeDecision} call, by id; absent means allow. */
export type CategoryActions = Partial<Record<string, ModerationAction>>;

/** Options for {@link makeDecision}. */
export interface DecisionOptions {
  readonly decidedAt?: string;
  readonly seed?: number;
  readonly actions?: CategoryActions;
  readonly frames?: number;
  readonly modelHash?: string;
  readonly content?: string;
}

/** A decision shaped exactly as the engine builds one for `policy`. */
export function makeDecision(policy: Policy, options: DecisionOptions = {}): ModerationDecision {
  const seed = options.seed ?? 1;
  const frames = options.frames ?? 1;
  const frameEmbeddings = Array.from({ length: frames }, (_, index) => unitEmbedding(seed * 100 + index));
  const decidingFrame = frames - 1;
  const categories: CategoryDecision[] = policy.categories.map((category, index) => {
    const action = options.actions?.[category.id] ?? 'allow';
    const { review, block } = category.thresholds;
    const score = action === 'block' ? block + 0.0123456789 : action === 'review' ? (review + block) / 2 : review / 3 + index * 1e-9;
    return {
      id: category.id,
      score,
      thresholds: { review, block },
      action,
      scoring: category.scoring,
      bestPrompt: `a photo of ${category.prompts[0]!}`,
      bestSimilarity: 0.1 + seed / 1000 + index / 7,
      shadow: category.shadow,
      severity: category.severity,
      frame: frames > 1 ? decidingFrame : 0,
    };
  });
  const enforced = categories.filter((category) => !category.shadow);
  return {
    action: mostSevereAction([policy.defaultAction, ...enforced.map((category) => category.action)]),
    shadowAction: mostSevereAction([policy.defaultAction, ...categories.map((category) => category.action)]),
    triggered: enforced.filter((category) => category.action !== 'allow').map((category) => category.id),
    matches: [],
    policy: { id: policy.id, version: policy.version },
    model: { id: MODEL.id, hash: options.modelHash ?? MODEL.hash },
    content: {
      sha256: createHash('sha256').update(options.content ?? `image-${seed}`).digest('hex'),
      format: frames > 1 ? 'gif' : 'jpeg',
      byteLength: 48_213 + seed,
      width: 640,
      height: 480,
      frameCount: frames > 1 ? frames * 2 : 1,
      framesScored: frames,
    },
    pdq: { hash: createHash('sha256').update(`pdq-${options.content ?? `image-${seed}`}`).digest('hex'), quality: 80 + (seed % 21) },
    categories,
    timings: { decodeMs: 3.25, queueMs: 1.5, inferenceMs: 21.125, scoringMs: 0.0625, totalMs: 25.9375 + seed / 3 },
    embedding: frameEmbeddings[decidingFrame]!,
    frameEmbeddings,
    decidedAt: options.decidedAt ?? '2026-01-15T10:20:30.123Z',
  };
}

/** `values` as float32 would store them. */
export function asFloat32(values: readonly number[]): number[] {
  return values.map((value) => Math.fround(value));
}

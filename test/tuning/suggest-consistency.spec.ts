import fc from 'fast-check';
import { parsePolicy } from '../../src/engine/policy';
import { scoreRange } from '../../src/engine/policy/score-range';
import { EvaluationResult } from '../../src/tuning/evaluation/evaluation-result';
import { DecisionHistory } from '../../src/tuning/replay/collect-decision-history';
import { atLowestScore } from '../../src/tuning/suggest/readable-threshold';
import { suggestThresholds } from '../../src/tuning/suggest/suggest-thresholds';
import { ThresholdSuggestion } from '../../src/tuning/suggest/threshold-suggestion';
import { ThresholdTarget } from '../../src/tuning/suggest/threshold-target';

const policy = parsePolicy(
  `
id: shades
description: one cosine and one probability category
categories:
  - id: red
    description: red
    prompts: ["something red"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.85 }
  - id: green
    description: green
    prompts: ["something green"]
    contrastPrompts: ["something red"]
    scoring: contrast-softmax
    thresholds: { review: 0.6, block: 0.9 }
`,
  'shades.yaml',
);

/** Ten positives from 0.95 down to 0.5, cleanly above ten negatives: every precision target is met all the way down. */
const POSITIVES = [0.95, 0.92, 0.9, 0.86, 0.82, 0.78, 0.74, 0.7, 0.63, 0.5];
const NEGATIVES = [0.3, 0.25, 0.2, 0.1, 0.05, 0, -0.1, -0.2, -0.4, -0.6];

function evaluationOf(red: readonly number[], labels: readonly boolean[]): EvaluationResult {
  const examples = red.map((score, index) => ({ id: `e${index}`, labels: { red: labels[index] }, scores: { red: score, green: 0.5 }, action: 'allow' as const }));
  return { policy: { id: 'shades', version: policy.version }, examples } as unknown as EvaluationResult;
}

const SEPARATED = evaluationOf([...POSITIVES, ...NEGATIVES], [...POSITIVES.map(() => true), ...NEGATIVES.map(() => false)]);

/** Stored decisions with these red scores, spread over `spanMs` ending now. */
function historyOf(red: readonly number[], spanMs: number, basis: 'requested' | 'decisions' = 'requested'): DecisionHistory {
  const to = new Date('2026-03-02T00:00:00.000Z');
  const from = new Date(to.getTime() - spanMs);
  return {
    ids: red.map((_, index) => `d${index}`),
    scores: { count: red.length, categoryIds: ['red', 'green'], scores: [Float64Array.from(red), Float64Array.from(red, () => 0.1)] },
    from: from.toISOString(),
    to: to.toISOString(),
    days: spanMs / 86_400_000,
    rateWindow: { from: from.toISOString(), to: to.toISOString(), days: spanMs / 86_400_000, basis },
  };
}

const codes = (suggestion: ThresholdSuggestion | undefined): string[] => suggestion!.warnings.map((warning) => warning.code);

describe('threshold suggestions stay consistent', () => {
  it('withdraws a review target that needs more than the block target, saying what each alone needs', () => {
    // The case: block precision 0.98 alone → the lowest positive; review recall 0.9 alone → the ninth.
    const [block, review] = suggestThresholds({
      policy,
      evaluation: SEPARATED,
      categories: ['red'],
      minimums: { positives: 10, negatives: 10 },
      targets: [
        { level: 'block', metric: 'precision', value: 0.98 },
        { level: 'review', metric: 'recall', value: 0.9 },
      ],
    });
    expect(block).toMatchObject({ level: 'block', suggested: null, reached: false, labelled: { suggested: null } });
    expect(review).toMatchObject({ level: 'review', suggested: null, reached: false });
    expect(block!.alone).toBeLessThan(review!.alone!);
    expect(block!.alone).toBeLessThanOrEqual(0.5);
    expect(review!.alone).toBeGreaterThan(0.5);
    expect(codes(block)).toEqual(['TARGETS_CONFLICT']);
    expect(codes(review)).toEqual(['TARGETS_CONFLICT']);
    // Recall only grows as review comes down: a valid pair meeting both is named.
    expect(review!.warnings[0]!.message).toContain(`review lowered to ${block!.alone}`);
    expect(review!.warnings[0]!.message).toContain(`review recall ≥ 0.9 alone needs review ${review!.alone}`);
  });

  it('keeps a consistent pair from two targets as it is', () => {
    const [block, review] = suggestThresholds({
      policy,
      evaluation: SEPARATED,
      categories: ['red'],
      minimums: { positives: 10, negatives: 10 },
      targets: [
        { level: 'block', metric: 'recall', value: 0.5 },
        { level: 'review', metric: 'recall', value: 1 },
      ],
    });
    expect(review!.suggested!).toBeLessThanOrEqual(block!.suggested!);
    expect([block!.warnings, review!.warnings]).toEqual([[], []]);
  });

  it('names too few labels with their counts, and the minimum can be lowered', () => {
    const target: ThresholdTarget = { level: 'review', metric: 'precision', value: 0.9 };
    const [few] = suggestThresholds({ policy, evaluation: SEPARATED, categories: ['red'], targets: [target] });
    expect(few).toMatchObject({ reached: true, labelled: { positives: 10, negatives: 10 } });
    expect(few!.suggested).not.toBeNull();
    expect(few!.warnings.map((warning) => warning.message)).toEqual([
      '10 example(s) labelled positive, fewer than the 20 a precision target needs: a few more labels could move it far',
      '10 example(s) labelled negative, fewer than the 20 a precision target needs: a few more labels could move it far',
    ]);
    // Recall rests on positives only, FPR on negatives only.
    const [recall, fpr] = suggestThresholds({ policy, evaluation: SEPARATED, categories: ['red'], minimums: { negatives: 50 }, targets: [{ ...target, metric: 'recall' }, { ...target, metric: 'fpr', value: 0.1 }] });
    expect(codes(recall)).toEqual(['TOO_FEW_POSITIVES']);
    expect(codes(fpr)).toEqual(['TOO_FEW_NEGATIVES']);
    const [enough] = suggestThresholds({ policy, evaluation: SEPARATED, categories: ['red'], minimums: { positives: 10, negatives: 10 }, targets: [target] });
    expect(enough!.warnings).toEqual([]);
    expect(() => suggestThresholds({ policy, evaluation: SEPARATED, minimums: { positives: 2.5 }, targets: [target] })).toThrow(/minimums.positives must be a whole number/);
  });

  it('keeps the current threshold when less traffic than the volume asked for comes in, instead of one below every score', () => {
    const scores = [-0.6, -0.3, 0, 0.2, 0.4, 0.55, 0.7, 0.9];
    const [review] = suggestThresholds({ policy, history: historyOf(scores, 86_400_000), categories: ['red'], minimums: { decisions: 5 }, targets: [{ level: 'review', metric: 'volume', value: 200 }] });
    expect(review).toMatchObject({ suggested: 0.5, current: 0.5, reached: true, volume: { days: 1, currentPerDay: 2, suggestedPerDay: 2 } });
    expect(codes(review)).toEqual(['VOLUME_ABOVE_TRAFFIC']);
    expect(review!.warnings[0]!.message).toContain('the window holds 7 decision(s) under the block threshold (7.0 a day), fewer than the 200 a day asked for');
    // A volume that binds: at most 2 a day of the 7 under block, and never below the scores seen.
    const [binding] = suggestThresholds({ policy, history: historyOf(scores, 86_400_000), categories: ['red'], minimums: { decisions: 5 }, targets: [{ level: 'review', metric: 'volume', value: 2 }] });
    expect(binding).toMatchObject({ reached: true, warnings: [], volume: { suggestedPerDay: 2 } });
    expect(binding!.suggested!).toBeGreaterThan(0.2);
    expect(binding!.suggested!).toBeLessThanOrEqual(0.55);
  });

  it('gives no rate per day from a window shorter than the minimum, and says over what it counted', () => {
    const eleven = historyOf([0.1, 0.6, 0.7, 0.9], 11_000, 'decisions');
    const [volume, recall] = suggestThresholds({
      policy,
      evaluation: SEPARATED,
      history: eleven,
      categories: ['red'],
      minimums: { positives: 1, negatives: 1, decisions: 1 },
      targets: [
        { level: 'review', metric: 'volume', value: 200 },
        { level: 'review', metric: 'recall', value: 1 },
      ],
    });
    expect(volume).toMatchObject({ suggested: null, reached: false, volume: { days: null, currentPerDay: null, suggestedPerDay: null } });
    expect(codes(volume)).toEqual(['WINDOW_TOO_SHORT']);
    expect(volume!.warnings[0]!.message).toBe(
      'rates per day need at least 1 h of traffic, and 2026-03-01T23:59:49.000Z to 2026-03-02T00:00:00.000Z (first to last decision) is 11 s: no rate per day is given; ask for a longer window (since, until)',
    );
    // A labelled target is still suggested; only its rates are left out.
    expect(recall).toMatchObject({ reached: true, warnings: [], volume: { currentPerDay: null } });
    const [allowed] = suggestThresholds({ policy, history: eleven, categories: ['red'], minimums: { decisions: 1, windowHours: 0 }, targets: [{ level: 'review', metric: 'volume', value: 200 }] });
    expect(allowed!.volume!.days).toBeCloseTo(11 / 86_400, 12);
  });

  it('stays near the lowest score when flagging everything is what a target needs, and says so', () => {
    expect(atLowestScore(-0.6, [-1, 1])).toBeGreaterThanOrEqual(-0.62);
    expect(atLowestScore(-0.6, [-1, 1])).toBeLessThanOrEqual(-0.6);
    expect(atLowestScore(9.36e-61, [0, 1])).toBe(0);
    const lowestPositive = evaluationOf([0.9, 0.4, -0.5], [true, false, true]);
    const [recall] = suggestThresholds({ policy, evaluation: lowestPositive, categories: ['red'], minimums: { positives: 1 }, targets: [{ level: 'review', metric: 'recall', value: 1 }] });
    expect(recall!.suggested!).toBeLessThanOrEqual(-0.5);
    expect(recall!.suggested!).toBeGreaterThanOrEqual(-0.52);
    expect(codes(recall)).toEqual(['FLAGS_EVERY_EXAMPLE']);
  });

  it('never suggests review above block in one run, nor a threshold outside the score range', () => {
    const target = fc.record({
      level: fc.constantFrom('review' as const, 'block' as const),
      metric: fc.constantFrom('precision' as const, 'recall' as const, 'fpr' as const, 'volume' as const),
      value: fc.double({ min: 0.01, max: 1, noNaN: true }),
    });
    const score = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(score, fc.boolean()), { minLength: 1, maxLength: 40 }), fc.array(target, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 72 }), (examples, targets, hours) => {
        const evaluation = evaluationOf(examples.map(([red]) => red), examples.map(([, positive]) => positive));
        const history = historyOf(examples.map(([red]) => red), hours * 3_600_000);
        const volumeTargets = targets.map((entry) => (entry.metric === 'volume' ? { ...entry, value: entry.value * 50 } : entry));
        const suggestions = suggestThresholds({ policy, evaluation, history, categories: ['red', 'green'], targets: volumeTargets });
        for (const suggestion of suggestions) {
          const [min, max] = scoreRange(policy.categories.find((category) => category.id === suggestion.categoryId)!.scoring);
          if (suggestion.suggested !== null) expect(suggestion.suggested >= min && suggestion.suggested <= max).toBe(true);
          if (suggestion.alone !== undefined) expect(suggestion.warnings.some((warning) => warning.code === 'TARGETS_CONFLICT')).toBe(true);
        }
        for (const review of suggestions.filter((entry) => entry.level === 'review' && entry.suggested !== null)) {
          for (const block of suggestions.filter((entry) => entry.level === 'block' && entry.categoryId === review.categoryId && entry.suggested !== null)) {
            expect(review.suggested!).toBeLessThanOrEqual(block.suggested!);
          }
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});

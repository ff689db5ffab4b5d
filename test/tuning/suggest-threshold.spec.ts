import { ModerationError } from '../../src/engine/errors/moderation-error';
import { parsePolicy } from '../../src/engine/policy';
import { EvaluationResult } from '../../src/tuning/evaluation/evaluation-result';
import { suggestThresholds } from '../../src/tuning/suggest/suggest-thresholds';
import { labelledScores } from '../../src/tuning/metrics/labelled-scores';
import { metricsAtThreshold } from '../../src/tuning/metrics/threshold-metrics';
import { thresholdForLabelledTarget } from '../../src/tuning/suggest/labelled-threshold';
import { readableThreshold } from '../../src/tuning/suggest/readable-threshold';
import { parseThresholdTarget } from '../../src/tuning/suggest/threshold-target';
import { thresholdForVolume } from '../../src/tuning/suggest/volume-threshold';

const SET = labelledScores([0.9, 0.8, 0.7, 0.6, 0.55, 0.4], [true, true, false, true, false, false]);
const UNIT: readonly [number, number] = [0, 1];

describe('thresholds for a labelled target', () => {
  it.each([
    // metric, value, expected threshold: the best one that meets the target, as a short decimal
    ['precision', 0.95, 0.8], // lowest threshold with precision 1: flags 0.9 and 0.8
    ['precision', 0.75, 0.6], // 0.6 flags three positives and one negative: exactly 0.75
    ['recall', 1, 0.6], // highest threshold that still flags every positive
    ['recall', 0.5, 0.8],
    ['fpr', 0, 0.8], // lowest threshold with no negative flagged
    ['fpr', 0.4, 0.6], // one of three negatives allowed
  ] as const)('%s %s → %s, and the target really holds there', (metric, value, expected) => {
    const found = thresholdForLabelledTarget(SET, metric, value, UNIT)!;
    expect(found.threshold).toBe(expected);
    const metrics = metricsAtThreshold(SET, found.threshold);
    expect(found.metrics).toEqual(metrics);
    if (metric === 'fpr') expect(metrics.fpr!).toBeLessThanOrEqual(value);
    else expect(metrics[metric]!).toBeGreaterThanOrEqual(value);
  });

  it('says when no threshold reaches a precision, and flags nothing for an FPR the scores never meet', () => {
    const topNegative = labelledScores([0.9, 0.8], [false, true]);
    expect(thresholdForLabelledTarget(topNegative, 'precision', 1, UNIT)).toBeNull();
    const nothing = thresholdForLabelledTarget(topNegative, 'fpr', 0, UNIT)!;
    expect(nothing.threshold).toBeGreaterThan(0.9);
    expect(nothing.metrics).toMatchObject({ tp: 0, fp: 0 });
  });

  it('writes thresholds as the shortest decimal that flags the same examples', () => {
    expect(readableThreshold(0.7, 0.8)).toBe(0.8);
    expect(readableThreshold(0.624, 0.626)).toBe(0.625);
    expect(readableThreshold(0.61234, 0.61299)).toBe(0.6127);
    expect(readableThreshold(0.5, 0.5)).toBe(0.5);
  });
});

describe('thresholds for a volume target', () => {
  const scores = [0.95, 0.7, 0.62, 0.62, 0.5, 0.2];

  it('flags as many as allowed and no more, keeping ties together, below the ceiling', () => {
    // Below the 0.9 ceiling: 0.7, 0.62, 0.62, 0.5, 0.2. Two allowed cannot take half of the tie.
    expect(thresholdForVolume(scores, 2, UNIT, 0.9)).toEqual({ threshold: 0.7, count: 1 });
    expect(thresholdForVolume(scores, 3, UNIT, 0.9)).toEqual({ threshold: 0.6, count: 3 });
    expect(thresholdForVolume(scores, 10, UNIT)).toEqual({ threshold: 0.2, count: 6 });
  });

  it('goes above every score when nothing may be flagged, and admits when it cannot', () => {
    expect(thresholdForVolume(scores, 0, UNIT)).toEqual({ threshold: 1, count: 0 });
    expect(thresholdForVolume([1, 1, 0.3], 1, UNIT)).toEqual({ threshold: 1, count: 2 });
  });
});

describe('parseThresholdTarget', () => {
  it('reads level, metric and value, review by default', () => {
    expect(parseThresholdTarget('precision=0.95')).toEqual({ level: 'review', metric: 'precision', value: 0.95 });
    expect(parseThresholdTarget('block:fpr=0.01')).toEqual({ level: 'block', metric: 'fpr', value: 0.01 });
    expect(parseThresholdTarget('review:volume=200/day')).toEqual({ level: 'review', metric: 'volume', value: 200 });
  });

  it.each(['precision', 'precision=1.5', 'recall=0', 'warn:precision=0.9', 'accuracy=0.9'])('refuses %s', (text) => {
    expect(() => parseThresholdTarget(text)).toThrow(ModerationError);
  });
});

describe('suggestThresholds', () => {
  const policy = parsePolicy(
    `
id: two
description: two categories
categories:
  - id: red
    description: red
    prompts: ["something red"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.6 }
  - id: blue
    description: blue, never labelled
    prompts: ["something blue"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.9 }
`,
    'two.yaml',
  );
  const labels = [true, true, false, true, false, false];
  const evaluation = {
    policy: { id: 'two', version: policy.version },
    examples: [0.9, 0.8, 0.7, 0.6, 0.55, 0.4].map((score, index) => ({ id: `e${index}`, labels: { red: labels[index] }, scores: { red: score, blue: 0 }, action: 'allow' as const })),
  } as unknown as EvaluationResult;

  it('suggests per category and target, with the metrics reached and what else must move', () => {
    const [review, block, blue] = suggestThresholds({
      policy,
      evaluation,
      minimums: { positives: 3, negatives: 3 },
      targets: [
        { level: 'review', metric: 'precision', value: 0.95 },
        { level: 'block', metric: 'precision', value: 0.95 },
      ],
    });
    expect(review).toMatchObject({ categoryId: 'red', current: 0.5, suggested: 0.8, reached: true, labelled: { suggested: { precision: 1, tp: 2 } } });
    expect(review!.warnings).toEqual([{ code: 'MOVES_OTHER_THRESHOLD', message: 'review 0.8 is above the block threshold 0.6; move that one to 0.8 too' }]);
    expect(review!.note).toBe('review 0.8 is above the block threshold 0.6; move that one to 0.8 too');
    expect(block).toMatchObject({ categoryId: 'red', level: 'block', suggested: 0.8, reached: true, warnings: [], labelled: { positives: 3, negatives: 3 } });
    expect(block!.note).toBeUndefined();
    expect(blue).toMatchObject({ categoryId: 'blue', suggested: null, reached: false, warnings: [{ code: 'NO_LABELLED_EXAMPLES' }], note: 'no example of the set is labelled for this category' });
  });

  it('refuses unknown categories and targets without the data they need', () => {
    expect(() => suggestThresholds({ policy, evaluation, categories: ['green'], targets: [{ level: 'review', metric: 'recall', value: 0.9 }] })).toThrow(/no categories green/);
    expect(() => suggestThresholds({ policy, evaluation, targets: [{ level: 'review', metric: 'volume', value: 10 }] })).toThrow(/needs stored decisions/);
    expect(() => suggestThresholds({ policy, targets: [{ level: 'review', metric: 'fpr', value: 0.1 }] })).toThrow(/needs a labelled set/);
  });
});

import { labelledScores } from '../../src/tuning/metrics/labelled-scores';
import { averagePrecision, operatingPoints, rocAuc } from '../../src/tuning/metrics/operating-points';
import { metricsAtThreshold } from '../../src/tuning/metrics/threshold-metrics';

/*
 * Six scores worked by hand:
 *   score  0.9  0.8  0.7  0.6  0.55  0.4
 *   label  pos  pos  neg  pos  neg   neg
 */
const SET = labelledScores([0.9, 0.8, 0.7, 0.6, 0.55, 0.4], [true, true, false, true, false, false]);

describe('metrics at a threshold', () => {
  it('counts a threshold between scores (0.65: flags 0.9, 0.8, 0.7)', () => {
    const metrics = metricsAtThreshold(SET, 0.65);
    expect(metrics).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 2 });
    expect(metrics.precision).toBeCloseTo(2 / 3, 12);
    expect(metrics.recall).toBeCloseTo(2 / 3, 12);
    expect(metrics.f1).toBeCloseTo(2 / 3, 12);
    expect(metrics.fpr).toBeCloseTo(1 / 3, 12);
  });

  it('is inclusive at the threshold, as the engine is (0.6 flags the 0.6 positive)', () => {
    const metrics = metricsAtThreshold(SET, 0.6);
    expect(metrics).toMatchObject({ tp: 3, fp: 1, fn: 0, tn: 2, precision: 0.75, recall: 1 });
    expect(metrics.f1).toBeCloseTo(6 / 7, 12);
    expect(metrics.fpr).toBeCloseTo(1 / 3, 12);
  });

  it('gives a high threshold its precision 1 and recall 1/3 (0.85)', () => {
    const metrics = metricsAtThreshold(SET, 0.85);
    expect(metrics).toMatchObject({ tp: 1, fp: 0, fn: 2, tn: 3, precision: 1, fpr: 0 });
    expect(metrics.recall).toBeCloseTo(1 / 3, 12);
    expect(metrics.f1).toBeCloseTo(0.5, 12);
  });

  it('reports a rate with nothing to divide by as null, not 0 or NaN', () => {
    expect(metricsAtThreshold(SET, 0.95)).toMatchObject({ tp: 0, fp: 0, precision: null, recall: 0, f1: null, fpr: 0 });
    const onlyNegatives = labelledScores([0.2, 0.7], [false, false]);
    expect(metricsAtThreshold(onlyNegatives, 0.5)).toMatchObject({ recall: null, precision: 0, fpr: 0.5 });
  });
});

describe('threshold-free metrics', () => {
  it('average precision is Σ ΔR·P = 1/3·1 + 1/3·1 + 0·2/3 + 1/3·3/4 = 11/12', () => {
    expect(averagePrecision(operatingPoints(SET), SET.positives)).toBeCloseTo(11 / 12, 12);
  });

  it('ROC-AUC is the share of (positive, negative) pairs ranked right: 8 of 9', () => {
    expect(rocAuc(operatingPoints(SET), SET.positives, SET.negatives)).toBeCloseTo(8 / 9, 12);
  });

  it('treats tied scores as one threshold: AP 7/12, ROC-AUC 1/4 with half credit for the tie', () => {
    // 0.5 pos, 0.5 neg, 0.3 pos: at 0.5 P=1/2 R=1/2; at 0.3 P=2/3 R=1.
    const tied = labelledScores([0.5, 0.5, 0.3], [true, false, true]);
    const points = operatingPoints(tied);
    expect(points).toEqual([
      { threshold: 0.5, tp: 1, fp: 1 },
      { threshold: 0.3, tp: 2, fp: 1 },
    ]);
    expect(averagePrecision(points, 2)).toBeCloseTo(7 / 12, 12);
    expect(rocAuc(points, 2, 1)).toBeCloseTo(0.25, 12);
  });

  it('is null where undefined and leaves unlabelled examples out', () => {
    const partly = labelledScores([0.9, 0.1, 0.5], [undefined, false, undefined]);
    expect(partly.scores).toEqual(Float64Array.from([0.1]));
    expect(averagePrecision(operatingPoints(partly), partly.positives)).toBeNull();
    expect(rocAuc(operatingPoints(partly), partly.positives, partly.negatives)).toBeNull();
  });

  it('a perfect ranking scores 1 on both', () => {
    const perfect = labelledScores([0.9, 0.8, 0.2], [true, true, false]);
    expect(averagePrecision(operatingPoints(perfect), 2)).toBe(1);
    expect(rocAuc(operatingPoints(perfect), 2, 1)).toBe(1);
  });
});

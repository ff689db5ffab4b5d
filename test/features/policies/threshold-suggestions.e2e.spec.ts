import { TestKey, createTestKey } from '../../support/api-keys';
import { countsAt, Scored } from '../../tuning/support/expected-metrics';
import { nearSolidImage } from '../../tuning/support/colour-labelled-set';
import { RED_SHADES } from '../../tuning/support/red-shades-set';
import { labelThroughReviewApi, LabelValue } from './review-labels';
import { Json, TuningServer, startTuningServer } from './tuning-server';

const codes = (warnings: readonly Json[]): string[] => warnings.map((warning) => warning.code as string);

describe('POST /v1/tuning/threshold-suggestions: consistent suggestions, honest about their data', () => {
  let server: TuningServer;
  let admin: TestKey;
  /** Every decision's red score and the reviewer's label. */
  const labelled: Scored[] = [];

  beforeAll(async () => {
    // Every decision reaches a person, who labels red only: the reds violating, the rest not.
    server = await startTuningServer('sqlite', 'suggestions-api', { MODERATION_REVIEW_SAMPLE_RATE: '1' });
    admin = await createTestKey(server.app(), 'admin', 'tuning-admin');
    const submitter = await createTestKey(server.app(), 'submitter', 'shop');
    const reviewer = await createTestKey(server.app(), 'reviewer', 'alice');
    const plan = new Map<string, Record<string, LabelValue>>();
    for (const sample of RED_SHADES) {
      const reply = await server.moderate(submitter, await nearSolidImage(sample.colour));
      expect(reply.status).toBe(200);
      plan.set(reply.body.id as string, { red: sample.folder === 'red' ? 'violating' : 'not_violating' });
      labelled.push({ score: (reply.body.categories as Json[]).find((category) => category.id === 'red')!.score as number, positive: sample.folder === 'red' });
    }
    expect((await labelThroughReviewApi(server, reviewer, plan)).length).toBe(RED_SHADES.length);
  });

  afterAll(async () => {
    await server?.close();
  });

  const suggest = (body: Json): ReturnType<TuningServer['call']> => server.call('POST', '/v1/tuning/threshold-suggestions', admin, { policy: 'colours', categories: ['red'], ...body });

  it('withdraws a block precision and a review recall target that need review above block, with what each alone needs', async () => {
    const reply = await suggest({
      since: '1h',
      targets: [
        { level: 'block', metric: 'precision', value: 0.98 },
        { level: 'review', metric: 'recall', value: 0.9 },
      ],
    });
    expect(reply.status).toBe(200);
    const [block, review] = reply.body.suggestions as Json[];
    expect(block).toMatchObject({ level: 'block', suggested: null, reached: false });
    expect(review).toMatchObject({ level: 'review', suggested: null, reached: false });
    expect(block!.labelled).toMatchObject({ positives: 12, negatives: 12 });
    expect(codes(block!.warnings)).toEqual(['TOO_FEW_POSITIVES', 'TOO_FEW_NEGATIVES', 'TARGETS_CONFLICT']);
    expect(codes(review!.warnings)).toEqual(['TOO_FEW_POSITIVES', 'TARGETS_CONFLICT']);
    // Each alone really meets its own target on the reviewers' labels, and together they would cross.
    const atBlock = countsAt(labelled, block!.alone);
    expect(atBlock.tp / (atBlock.tp + atBlock.fp)).toBeGreaterThanOrEqual(0.98);
    expect(countsAt(labelled, review!.alone).tp / 12).toBeGreaterThanOrEqual(0.9);
    expect(review!.alone).toBeGreaterThan(block!.alone);
    expect(codes(reply.body.warnings)).toEqual(['TOO_FEW_DECISIONS']);
  });

  it('keeps the current threshold for a volume above the traffic, counted over exactly the 30 days asked for', async () => {
    const reply = await suggest({ since: '30d', targets: [{ level: 'review', metric: 'volume', value: 200 }] });
    expect(reply.status).toBe(200);
    expect(reply.body.history).toMatchObject({ decisions: RED_SHADES.length, days: 30, rateWindow: { days: 30, basis: 'requested' } });
    expect(Date.parse(reply.body.history.rateWindow.to) - Date.parse(reply.body.history.rateWindow.from)).toBe(30 * 86_400_000);
    const [review] = reply.body.suggestions as Json[];
    expect(review).toMatchObject({ current: 0.5, suggested: 0.5, reached: true });
    expect(codes(review!.warnings)).toEqual(['TOO_FEW_DECISIONS', 'VOLUME_ABOVE_TRAFFIC']);
    expect(reply.body.warnings).toEqual([{ code: 'TOO_FEW_DECISIONS', message: `${RED_SHADES.length} stored decision(s) in the window, fewer than the 100 a rate per day needs to mean much` }]);
    expect(reply.body.minimums).toEqual({ positives: 20, negatives: 20, decisions: 100, windowHours: 1 });
  });

  it('gives no rate per day over the seconds between the first and the last decision', async () => {
    const reply = await suggest({ targets: [{ level: 'review', metric: 'volume', value: 200 }, { metric: 'recall', value: 0.9 }] });
    expect(reply.status).toBe(200);
    const [volume, recall] = reply.body.suggestions as Json[];
    expect(volume).toMatchObject({ suggested: null, reached: false, volume: { days: null, currentPerDay: null } });
    expect(reply.body.history.rateWindow).toMatchObject({ basis: 'decisions', from: reply.body.history.from, to: reply.body.history.to });
    expect(codes(reply.body.warnings)).toEqual(['WINDOW_TOO_SHORT', 'TOO_FEW_DECISIONS']);
    expect(codes(volume!.warnings)).toEqual(['WINDOW_TOO_SHORT', 'TOO_FEW_DECISIONS']);
    expect(recall).toMatchObject({ reached: true, volume: { currentPerDay: null, suggestedPerDay: null } });
    expect(codes(recall!.warnings)).toEqual(['TOO_FEW_POSITIVES']);
    // A shorter minimum window is the caller's call: then the seconds are extrapolated to a day.
    const allowed = await suggest({ targets: [{ level: 'review', metric: 'volume', value: 200 }], minimums: { decisions: 10, windowHours: 0 } });
    expect(allowed.body.warnings).toEqual([]);
    expect(allowed.body.suggestions[0].volume.days).toBe(allowed.body.history.days);
    expect(allowed.body.suggestions[0].volume.currentPerDay).toBeGreaterThan(200);
  });

  it('says when the labels are too few, with the counts, and refuses a bad minimum', async () => {
    const reply = await suggest({ since: '1h', targets: [{ metric: 'recall', value: 0.9 }, { metric: 'fpr', value: 0.1 }] });
    const [recall, fpr] = reply.body.suggestions as Json[];
    expect(recall).toMatchObject({ reached: true, labelled: { positives: 12, negatives: 12 } });
    expect(recall!.warnings).toEqual([{ code: 'TOO_FEW_POSITIVES', message: '12 example(s) labelled positive, fewer than the 20 a recall target needs: a few more labels could move it far' }]);
    expect(fpr!.warnings).toEqual([{ code: 'TOO_FEW_NEGATIVES', message: '12 example(s) labelled negative, fewer than the 20 an FPR target needs: a few more labels could move it far' }]);
    const bad = await suggest({ targets: [{ metric: 'recall', value: 0.9 }], minimums: { windowHours: -1, positives: 1.5 } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(bad.body.details.errors).toEqual([
      { field: 'minimums.positives', reasons: ['must be an integer number'] },
      { field: 'minimums.windowHours', reasons: ['must not be less than 0'] },
    ]);
  });
});

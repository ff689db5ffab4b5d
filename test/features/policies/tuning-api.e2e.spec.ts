import { parse as parseYaml } from 'yaml';
import { parsePolicy } from '../../../src/engine/policy/parse-policy';
import { Policy } from '../../../src/engine/policy/policy.types';
import { TestKey, createTestKey } from '../../support/api-keys';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { COLOUR_SAMPLES, ColourSample, nearSolidImage } from '../../tuning/support/colour-labelled-set';
import { Scored, actionUnder, countsAt, mannWhitneyAuc, stepAveragePrecision } from '../../tuning/support/expected-metrics';
import { LabelValue, labelThroughReviewApi } from './review-labels';
import { runModerate } from '../../support/run-moderate';
import { Json, TuningServer, startTuningServer } from './tuning-server';

const DATABASES = ['sqlite', 'postgres'] as const;
const CATEGORIES = ['red', 'blue', 'green'] as const;

/** The colour policy with red's review threshold raised: salmon, orange and the like stop going to review. */
const CANDIDATE_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.85 }', 'thresholds: { review: 0.7, block: 0.85 }');

/** What the reviewer says about a sample: its own folder violates, the others do not; sage's green is unsure. */
function plannedLabels(sample: ColourSample): Record<string, LabelValue> {
  const labels: Record<string, LabelValue> = {};
  for (const category of CATEGORIES) labels[category] = sample.folder === category ? 'violating' : 'not_violating';
  if (sample.name === 'sage.png') labels.green = 'unsure';
  return labels;
}

describe.each(DATABASES)('policy tuning API on reviewed traffic (%s)', (database) => {
  let server: TuningServer;
  let admin: TestKey;
  let reviewer: TestKey;
  let secondReviewer: TestKey;
  let submitter: TestKey;
  /** Each sample's decision as the API returned it. */
  const decisions = new Map<string, Json>();
  /** Ground truth after every review: category → decision id → violating. */
  const truth = new Map<string, Map<string, boolean>>(CATEGORIES.map((category) => [category, new Map()]));
  let policy: Policy;
  let evaluationId: string;

  const scoreOf = (decision: Json, categoryId: string): number => (decision.categories as Json[]).find((category) => category.id === categoryId)!.score as number;
  const labelled = (categoryId: string): Scored[] =>
    [...truth.get(categoryId)!].map(([id, positive]) => ({ score: scoreOf([...decisions.values()].find((decision) => decision.id === id)!, categoryId), positive }));

  beforeAll(async () => {
    // Every decision reaches a person: review decisions, and a 100 % quality sample of the rest.
    server = await startTuningServer(database, 'tuning-api', { MODERATION_REVIEW_SAMPLE_RATE: '1' });
    admin = await createTestKey(server.app(), 'admin', 'tuning-admin');
    reviewer = await createTestKey(server.app(), 'reviewer', 'first-reviewer');
    secondReviewer = await createTestKey(server.app(), 'reviewer', 'second-reviewer');
    submitter = await createTestKey(server.app(), 'submitter', 'shop');
    policy = parsePolicy(COLOUR_POLICY_YAML, 'colours.yaml');
    for (const sample of COLOUR_SAMPLES) {
      const reply = await server.moderate(submitter, await nearSolidImage(sample.colour));
      expect(reply.status).toBe(200);
      decisions.set(sample.name, reply.body);
    }
    const plan = new Map(COLOUR_SAMPLES.map((sample) => [decisions.get(sample.name)!.id as string, plannedLabels(sample)]));
    expect((await labelThroughReviewApi(server, reviewer, plan)).sort()).toEqual([...plan.keys()].sort());
    // Orange is appealed and the second reviewer calls it red after all: the latest label wins.
    const orange = decisions.get('orange.png')!;
    expect((await server.call('POST', `/v1/decisions/${orange.id}/appeals`, submitter, { reason: 'looks red to me' })).status).toBe(201);
    await labelThroughReviewApi(server, secondReviewer, new Map([[orange.id as string, { ...plan.get(orange.id)!, red: 'violating' }]]), ['appeals']);
    plan.set(orange.id, { ...plan.get(orange.id)!, red: 'violating' });
    for (const [id, labels] of plan) {
      for (const category of CATEGORIES) if (labels[category] !== 'unsure') truth.get(category)!.set(id, labels[category] === 'violating');
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('evaluates a policy on the decisions reviewers labelled, with the metrics the labels give', async () => {
    const created = await server.call('POST', '/v1/tuning/evaluations', admin, { policy: 'colours', since: '1h' });
    expect(created.status).toBe(201);
    evaluationId = created.body.id;
    expect(created.body).toMatchObject({
      policy: { id: 'colours', version: policy.version },
      createdBy: admin.id,
      examples: COLOUR_SAMPLES.length,
      reportUrl: `/v1/tuning/evaluations/${evaluationId}/report`,
    });
    const report = created.body.report as Json;
    expect(report.set).toMatchObject({ kind: 'reviewed', images: COLOUR_SAMPLES.length, skipped: { otherModels: 0 } });
    expect(report.embeddings).toEqual({ computed: 0, cached: 0, stored: COLOUR_SAMPLES.length });
    for (const categoryId of CATEGORIES) {
      const examples = labelled(categoryId);
      const category = (report.evaluation.categories as Json[]).find((entry) => entry.id === categoryId)!;
      const thresholds = policy.categories.find((entry) => entry.id === categoryId)!.thresholds;
      expect(category).toMatchObject({
        positives: examples.filter((example) => example.positive).length,
        negatives: examples.filter((example) => !example.positive).length,
        unlabelled: COLOUR_SAMPLES.length - examples.length,
        atReview: countsAt(examples, thresholds.review),
        atBlock: countsAt(examples, thresholds.block),
      });
      const { tp, fp, fn, tn } = countsAt(examples, thresholds.review);
      if (tp + fp > 0) expect(category.atReview.precision).toBeCloseTo(tp / (tp + fp), 12);
      expect(category.atReview.recall).toBeCloseTo(tp / (tp + fn), 12);
      expect(category.atReview.fpr).toBeCloseTo(fp / (fp + tn), 12);
      expect(category.rocAuc).toBeCloseTo(mannWhitneyAuc(examples), 12);
      expect(category.averagePrecision).toBeCloseTo(stepAveragePrecision(examples), 12);
    }
    // Sage's green label was "unsure": not counted. Orange's red label is the appeal's.
    expect((report.evaluation.categories as Json[]).find((entry) => entry.id === 'green')!.unlabelled).toBe(1);
    expect(truth.get('red')!.get(decisions.get('orange.png')!.id)).toBe(true);
    expect((report.evaluation.categories as Json[]).find((entry) => entry.id === 'red-shadow')).toMatchObject({ positives: 0, negatives: 0 });
    // A window without decisions evaluates nothing.
    const empty = await server.call('POST', '/v1/tuning/evaluations', admin, { policy: 'colours', since: '2000-01-01', until: '2000-01-02' });
    expect(empty.body).toMatchObject({ examples: 0, window: { since: '2000-01-01T00:00:00.000Z', until: '2000-01-02T00:00:00.000Z' } });
    // Every VALIDATION_FAILED names its fields the same way, whichever layer refused the request.
    const badTime = await server.call('POST', '/v1/tuning/evaluations', admin, { policy: 'colours', since: 'yesterday' });
    expect(badTime.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'since', reasons: [expect.stringContaining('ISO-8601')] }] } });
    expect((await server.call('POST', '/v1/tuning/evaluations', admin, { policy: 'nope' })).body.code).toBe('POLICY_NOT_FOUND');
  });

  it('lists evaluations and serves each one as JSON and as a self-contained HTML report', async () => {
    const list = await server.call('GET', '/v1/tuning/evaluations?policy=colours&limit=5', reviewer);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: Json) => item.examples)).toEqual([0, COLOUR_SAMPLES.length]);
    const stored = await server.call('GET', `/v1/tuning/evaluations/${evaluationId}`, reviewer);
    expect(stored.body.report.evaluation.categories).toHaveLength(policy.categories.length);
    const html = await server.call('GET', `/v1/tuning/evaluations/${evaluationId}/report`, reviewer);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.body.text).toContain('Evaluation of policy colours');
    expect(html.body.text).toContain(`${COLOUR_SAMPLES.length} reviewer-labelled decisions`);
    expect(html.body.text).not.toContain('<script');
    const missing = await server.call('GET', '/v1/tuning/evaluations/6f1c2a9e-0000-4000-8000-000000000000/report', reviewer);
    expect(missing.body.code).toBe('EVALUATION_NOT_FOUND');
  });

  it('evaluates from the command line too: moderate eval --reviewed gives the same metrics', async () => {
    const result = await runModerate(['eval', '--reviewed', '--policy', 'colours', '--since', '1h', '--json'], server.env);
    expect(result.code).toBe(0);
    const cli = JSON.parse(result.stdout) as Json;
    const api = (await server.call('GET', `/v1/tuning/evaluations/${evaluationId}`, reviewer)).body.report;
    expect(cli.evaluation.categories).toEqual(api.evaluation.categories);
    expect(cli.set.kind).toBe('reviewed');
  });

  it('suggests thresholds that reach their targets, and counts the past decisions that would change', async () => {
    const reply = await server.call('POST', '/v1/tuning/threshold-suggestions', admin, {
      policy: 'colours',
      since: '1h',
      categories: ['red', 'blue'],
      targets: [
        { level: 'review', metric: 'precision', value: 1 },
        { metric: 'recall', value: 1 },
        { level: 'block', metric: 'volume', value: 24 },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ policy: { id: 'colours', version: policy.version }, labelledDecisions: COLOUR_SAMPLES.length, history: { decisions: COLOUR_SAMPLES.length } });
    const suggestions = reply.body.suggestions as Json[];
    expect(suggestions).toHaveLength(6);
    const find = (categoryId: string, metric: string): Json => suggestions.find((entry) => entry.categoryId === categoryId && entry.target.metric === metric)!;
    for (const categoryId of ['red', 'blue']) {
      const examples = labelled(categoryId);
      const precise = find(categoryId, 'precision');
      expect(precise.reached).toBe(true);
      const atPrecise = countsAt(examples, precise.suggested);
      expect(atPrecise.fp).toBe(0);
      expect(atPrecise.tp).toBeGreaterThan(0);
      const recalled = find(categoryId, 'recall');
      expect(recalled.reached).toBe(true);
      expect(countsAt(examples, recalled.suggested).fn).toBe(0);
      // An hour of traffic at 24 a day allows one block per category.
      const volume = find(categoryId, 'volume');
      const blocked = [...decisions.values()].filter((decision) => scoreOf(decision, categoryId) >= volume.suggested).length;
      expect(blocked).toBeLessThanOrEqual(1);
      // What would change were only the review threshold moved to the precise one, counted here.
      const moved: Policy = {
        ...policy,
        categories: policy.categories.map((category) =>
          category.id === categoryId ? { ...category, thresholds: { review: precise.suggested, block: Math.max(category.thresholds.block, precise.suggested) } } : category,
        ),
      };
      const changed = [...decisions.values()].filter((decision) => {
        const scores = new Map((decision.categories as Json[]).map((category) => [category.id as string, category.score as number]));
        return actionUnder(moved, scores) !== actionUnder(policy, scores);
      });
      expect(precise.pastDecisions).toMatchObject({ total: COLOUR_SAMPLES.length, changed: changed.length });
    }
    const bad = await server.call('POST', '/v1/tuning/threshold-suggestions', admin, { policy: 'colours', targets: [{ metric: 'precision', value: 2 }] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { errors: [expect.objectContaining({ field: 'target' })] } } });
    const unknownCategory = await server.call('POST', '/v1/tuning/threshold-suggestions', admin, { policy: 'colours', categories: ['purple'], targets: [{ metric: 'recall', value: 0.9 }] });
    expect(unknownCategory).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { errors: [{ field: 'category', reasons: [expect.stringContaining('purple')] }] } } });
  });

  it('replays a candidate sent as YAML or as JSON, and flips exactly the decisions it should', async () => {
    const candidate = parsePolicy(CANDIDATE_YAML, 'candidate.yaml');
    const flips = [...decisions.values()].filter((decision) => {
      const scores = new Map((decision.categories as Json[]).map((category) => [category.id as string, category.score as number]));
      return actionUnder(candidate, scores) !== decision.action;
    });
    expect(flips.length).toBeGreaterThanOrEqual(2);
    const reply = await server.call('POST', '/v1/tuning/replays', admin, { candidate: CANDIDATE_YAML, since: '1h', examples: 100 });
    expect(reply.status).toBe(200);
    const report = reply.body.report as Json;
    expect(report).toMatchObject({ policy: { id: 'colours', candidateVersion: candidate.version, baseline: 'stored' }, decisions: COLOUR_SAMPLES.length });
    expect(report.overall.changed).toBe(flips.length);
    expect((report.overall.transitions as Json[]).flatMap((transition) => transition.exampleIds).sort()).toEqual(flips.map((decision) => decision.id).sort());
    const red = (report.categories as Json[]).find((category) => category.id === 'red')!;
    const redFlips = [...decisions.values()].filter((decision) => scoreOf(decision, 'red') >= 0.5 && scoreOf(decision, 'red') < 0.7);
    expect(red.transitions).toEqual([expect.objectContaining({ from: 'review', to: 'allow', count: redFlips.length })]);
    // Against the reviewers' labels: the raised threshold stops flagging the red images below it.
    const redExamples = labelled('red');
    expect(red.labelled).toMatchObject({ count: redExamples.length, before: countsAt(redExamples, 0.5), after: countsAt(redExamples, 0.7) });
    for (const other of (report.categories as Json[]).filter((category) => category.id !== 'red')) expect(other.changed).toBe(0);
    expect(reply.body).toMatchObject({ skipped: { otherModels: 0 }, labelledDecisions: COLOUR_SAMPLES.length });
    // The same candidate as a JSON object is the same version, with the same flips.
    const asJson = await server.call('POST', '/v1/tuning/replays', admin, { candidate: parseYaml(CANDIDATE_YAML), since: '1h', baseline: 'active' });
    expect(asJson.body.report).toMatchObject({ policy: { candidateVersion: candidate.version, baseline: { version: policy.version } }, overall: { changed: flips.length } });
    const invalid = await server.call('POST', '/v1/tuning/replays', admin, { candidate: CANDIDATE_YAML.replace('review: 0.7', 'review: "high"') });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'POLICY_CANDIDATE_INVALID' } });
    expect(invalid.body.details.errors[0].field).toContain('thresholds');
    expect((await server.call('POST', '/v1/tuning/replays', admin, { candidate: CANDIDATE_YAML.replace('id: colours', 'id: unknown') })).body.code).toBe('POLICY_NOT_FOUND');
  });

  it('refuses a missing key, a bad key and a role that may not use the route', async () => {
    const routes: ReadonlyArray<[string, string, 'reviewer' | 'admin', unknown?]> = [
      ['POST', '/v1/tuning/evaluations', 'admin', { policy: 'colours' }],
      ['GET', '/v1/tuning/evaluations', 'reviewer'],
      ['GET', `/v1/tuning/evaluations/${evaluationId}`, 'reviewer'],
      ['GET', `/v1/tuning/evaluations/${evaluationId}/report`, 'reviewer'],
      ['POST', '/v1/tuning/threshold-suggestions', 'admin', { policy: 'colours', targets: [{ metric: 'recall', value: 0.9 }] }],
      ['POST', '/v1/tuning/replays', 'admin', { candidate: CANDIDATE_YAML }],
    ];
    for (const [method, path, least, body] of routes) {
      expect([method, path, (await server.call(method, path, undefined, body)).status]).toEqual([method, path, 401]);
      expect([method, path, (await server.call(method, path, 'mod_not-a-real-key', body)).status]).toEqual([method, path, 401]);
      expect([method, path, (await server.call(method, path, submitter, body)).body.code]).toEqual([method, path, 'AUTH_FORBIDDEN']);
      const asReviewer = await server.call(method, path, reviewer, body);
      expect([method, path, asReviewer.status < 300]).toEqual([method, path, least === 'reviewer']);
      if (least === 'admin') expect(asReviewer.status).toBe(403);
    }
  });
});

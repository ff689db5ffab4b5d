import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../../src/engine/moderation-engine';
import { Policy } from '../../../src/engine/policy/policy.types';
import { ModerationAction, mostSevereAction } from '../../../src/engine/policy/moderation-action';
import { decideCategoryAction } from '../../../src/engine/policy/decide-category-action';
import { createDataSourceOptions } from '../../../src/database/database-config';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { StoredDecision } from '../../../src/core/decisions/decision.types';
import { collectDecisionHistory } from '../../../src/tuning/replay/collect-decision-history';
import { PolicyScorer } from '../../../src/tuning/replay/policy-scorer';
import { StoredDecisionRepository } from '../../../src/features/policies/tuning/stored-decision.repository';
import { replayPolicy } from '../../../src/tuning/replay/replay-policy';
import { suggestThresholds } from '../../../src/tuning/suggest/suggest-thresholds';
import { makeDecision } from '../../core/decisions/decision-fixture';
import { TEST_DRIVERS, TestDatabase, createTestDatabase } from '../../support/test-database';
import { animatedGif } from '../../support/colour-images';
import { createModerationFixture } from '../../support/moderation-fixture';
import { COLOUR_SAMPLES, nearSolidImage } from '../../tuning/support/colour-labelled-set';
import { ModerationDatabase } from '../../../src/database/moderation-database';

/** The colour policy with one threshold moved. */
function withThreshold(policy: Policy, categoryId: string, level: 'review' | 'block', value: number): Policy {
  return {
    ...policy,
    version: `${policy.version}-candidate`,
    categories: policy.categories.map((category) => (category.id === categoryId ? { ...category, thresholds: { ...category.thresholds, [level]: value } } : category)),
  };
}

/** What a candidate decides from a stored decision's scores, computed here without any tuning code. */
function expectedAction(decision: StoredDecision, candidate: Policy): ModerationAction {
  const actions = candidate.categories
    .filter((category) => !category.shadow)
    .map((category) => decideCategoryAction(decision.categories.find((stored) => stored.id === category.id)!.score, category.thresholds));
  return mostSevereAction([candidate.defaultAction, ...actions]);
}

/** Oldest first, then by id: the order the reader pages in (decisions can share a millisecond). */
function inStoreOrder(decisions: readonly StoredDecision[]): string[] {
  return [...decisions].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.id.localeCompare(b.id)).map((decision) => decision.id);
}

describe.each(TEST_DRIVERS)('replaying stored decisions (real engine, real store on %s)', (driver) => {
  let database: TestDatabase;
  let engine: ModerationEngine;
  let dataSource: DataSource;
  let decisions: StoredDecisionRepository;
  let store: DecisionRepository;
  let policy: Policy;
  const recorded: StoredDecision[] = [];
  const query = (): { policyId: string; modelHash: string; pageSize: number } => ({ policyId: 'colours', modelHash: engine.model.hash, pageSize: 5 });

  beforeAll(async () => {
    const fixture = await createModerationFixture('replay');
    engine = await ModerationEngine.create({ model: fixture.modelDir, policies: fixture.policiesDir, cacheDir: fixture.cacheDir });
    database = await createTestDatabase(driver, 'replay');
    dataSource = new DataSource(createDataSourceOptions(database.config));
    await dataSource.initialize();
    store = new DecisionRepository(new ModerationDatabase(dataSource));
    decisions = new StoredDecisionRepository(new ModerationDatabase(dataSource));
    policy = engine.policies.get('colours');
    for (const sample of COLOUR_SAMPLES) recorded.push(await store.record({ decision: await engine.score(await nearSolidImage(sample.colour), 'colours'), policy }));
    // An animation whose worst frame is the orange one: replay must keep the worst frame too.
    recorded.push(await store.record({ decision: await engine.score(await animatedGif([[0, 0, 0], [255, 160, 0], [128, 128, 128]]), 'colours'), policy }));
    // Neither of these may be replayed: another model's embeddings, and a shadow-mode second look.
    await store.record({ decision: makeDecision(policy, { seed: 3 }), policy });
    await store.record({ decision: await engine.score(await nearSolidImage([255, 100, 100]), 'colours'), policy, mode: 'shadow' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.remove();
    await engine?.close();
  });

  it('reads stored embeddings page by page and re-scores them bit for bit', async () => {
    const compiled = await engine.compile(policy);
    const scorer = new PolicyScorer(compiled);
    const seen: string[] = [];
    for await (const page of decisions.pages(query())) {
      expect(page.count).toBeLessThanOrEqual(5);
      const scores = scorer.score(page.frames, page.frameOffsets, page.count);
      page.ids.forEach((id, index) => {
        const stored = recorded.find((decision) => decision.id === id)!;
        stored.categories.forEach((category, c) => expect(scores.scores[c]![index]).toBe(category.score));
        seen.push(id);
      });
    }
    expect(seen).toEqual(inStoreOrder(recorded));
    expect(await decisions.count(query())).toEqual({ matching: recorded.length, otherModels: 1 });
  });

  it('flips exactly the decisions whose red score lies between the old and the new review threshold', async () => {
    const candidate = withThreshold(policy, 'red', 'review', 0.7);
    const expectedFlips = recorded.filter((decision) => expectedAction(decision, candidate) !== decision.action);
    // The set has red scores just above 0.5 (salmon, maroon, orange and the orange GIF frame).
    expect(expectedFlips.length).toBeGreaterThanOrEqual(3);
    const salmon = recorded[COLOUR_SAMPLES.findIndex((sample) => sample.name === 'salmon.png')]!;
    const orange = recorded[COLOUR_SAMPLES.findIndex((sample) => sample.name === 'orange.png')]!;
    const labels = new Map([
      [salmon.id, { red: true }],
      [orange.id, { red: false }],
    ]);
    const report = await replayPolicy(decisions.pages(query()), {
      candidate: await engine.compile(candidate),
      labels,
      examplesPerTransition: 100,
    });
    expect(report.decisions).toBe(recorded.length);
    expect(report.overall.changed).toBe(expectedFlips.length);
    expect(report.overall.transitions).toEqual([
      { from: 'review', to: 'allow', count: expectedFlips.length, exampleIds: inStoreOrder(expectedFlips), labelled: { violating: 1, clean: 1 } },
    ]);
    const red = report.categories.find((category) => category.id === 'red')!;
    const redFlips = recorded.filter((decision) => {
      const score = decision.categories.find((category) => category.id === 'red')!.score;
      return score >= 0.5 && score < 0.7;
    });
    expect(red.transitions.map((transition) => [transition.from, transition.to, transition.exampleIds])).toEqual([['review', 'allow', inStoreOrder(redFlips)]]);
    expect(red.labelled).toMatchObject({ count: 2, before: { tp: 1, fp: 1, fn: 0, tn: 0 }, after: { tp: 0, fp: 0, fn: 1, tn: 1 } });
    for (const other of report.categories.filter((category) => category.id !== 'red')) expect(other.changed).toBe(0);
  });

  it('compares with the current policy re-scored when asked, and reports added and removed categories', async () => {
    const candidate = withThreshold(policy, 'red', 'review', 0.7);
    const stored = await replayPolicy(decisions.pages(query()), { candidate: await engine.compile(candidate) });
    const current = await replayPolicy(decisions.pages(query()), { candidate: await engine.compile(candidate), baseline: await engine.compile(policy) });
    expect(current.policy.baseline).toEqual({ version: policy.version });
    expect(current.overall).toEqual(stored.overall);

    const renamed: Policy = { ...policy, version: 'sha256:renamed', categories: policy.categories.map((category) => (category.id === 'blue' ? { ...category, id: 'azure' } : category)) };
    const report = await replayPolicy(decisions.pages(query()), { candidate: await engine.compile(renamed) });
    expect(report.categories.find((category) => category.id === 'azure')).toMatchObject({ presence: 'added', before: null, changed: 0 });
    expect(report.categories.find((category) => category.id === 'blue')).toMatchObject({ presence: 'removed', after: null, changed: 0 });
    expect(report.overall.changed).toBe(0);
  });

  it('suggests a review threshold for a daily volume and counts the decisions it would change', async () => {
    const now = Date.now();
    const window = { since: new Date(now - 86_400_000), until: new Date(now + 60_000) };
    const history = await collectDecisionHistory(decisions.pages({ ...query(), ...window }), await engine.compile(policy), window);
    expect(history.days).toBeCloseTo(1, 2);
    const [suggestion] = suggestThresholds({ policy, history, categories: ['red'], targets: [{ level: 'review', metric: 'volume', value: 2 }] });
    expect(suggestion!.reached).toBe(true);
    const redScores = recorded.map((decision) => decision.categories.find((category) => category.id === 'red')!.score);
    const inReview = (threshold: number): number => redScores.filter((score) => score >= threshold && score < 0.85).length;
    expect(inReview(suggestion!.suggested!)).toBeLessThanOrEqual(2);
    // The lowest such threshold: a little lower would let a third decision in.
    expect(inReview(suggestion!.suggested! - 0.005)).toBeGreaterThan(2);
    const candidate = withThreshold(policy, 'red', 'review', suggestion!.suggested!);
    const changed = recorded.filter((decision) => expectedAction(decision, candidate) !== decision.action);
    expect(suggestion!.pastDecisions).toMatchObject({ total: recorded.length, changed: changed.length });
    expect(suggestion!.volume!.suggestedPerDay! * history.days!).toBeCloseTo(inReview(suggestion!.suggested!), 6);
  });
});

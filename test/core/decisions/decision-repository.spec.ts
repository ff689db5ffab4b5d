import { DataSource } from 'typeorm';
import { AppErrorCode } from '../../../src/shared/errors/app-error-code';
import { ModerationError } from '../../../src/engine/errors/moderation-error';
import { ModerationDecision } from '../../../src/engine/scoring/moderation-decision';
import { createDataSourceOptions } from '../../../src/database/database-config';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { StoredDecision } from '../../../src/core/decisions/decision.types';
import { MODEL, asFloat32, makeDecision, makePolicy } from './decision-fixture';
import { TEST_DRIVERS, TestDatabase, createTestDatabase } from '../../support/test-database';
import { ModerationErrorCode } from '../../../src/engine/errors/moderation-error-code';
import { ModerationDatabase } from '../../../src/database/moderation-database';

/** Resolves to the error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<ModerationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModerationError);
    return error as ModerationError;
  }
  throw new Error('expected a rejection');
}

/** Newest first, then by id: the order the store promises. */
function newestFirst(a: StoredDecision, b: StoredDecision): number {
  return b.decidedAt.localeCompare(a.decidedAt) || b.id.localeCompare(a.id);
}

/** `decision` as the store gives it back: embeddings at float32 precision. */
function expectedFrom(decision: ModerationDecision): ModerationDecision {
  return { ...decision, embedding: asFloat32(decision.embedding), frameEmbeddings: decision.frameEmbeddings.map(asFloat32) };
}

describe.each(TEST_DRIVERS)('DecisionRepository on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: DecisionRepository;
  const policy = makePolicy();

  beforeAll(async () => {
    database = await createTestDatabase(driver, 'decision-store');
    dataSource = new DataSource(createDataSourceOptions(database.config));
    await dataSource.initialize();
  });

  beforeEach(async () => {
    // Children first, so clearing does not depend on the cascade that a test below checks.
    for (const table of ['moderation_decision_categories', 'moderation_decisions', 'moderation_policy_versions']) {
      await dataSource.query(`DELETE FROM "${table}"`);
    }
    store = new DecisionRepository(new ModerationDatabase(dataSource)); // a fresh snapshot cache per test
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.remove();
  });

  const countRows = async (table: string): Promise<number> => Number((await dataSource.query(`SELECT COUNT(*) AS "count" FROM "${table}"`))[0].count);

  it('reads back what it recorded: scores, thresholds, prompts, embeddings and metadata', async () => {
    const decision = makeDecision(policy, { actions: { weapons: 'review', counterfeit: 'block' }, frames: 3, seed: 7 });
    const recorded = await store.record({ decision, policy, subject: 'user-42', source: 'profile-photo', held: true });

    expect(recorded).toEqual({ ...expectedFrom(decision), id: recorded.id, subject: 'user-42', source: 'profile-photo', mode: 'enforce', held: true, apiKeyId: null, review: null, shadowOf: null });
    expect(recorded.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded.action).toBe('review');
    expect(recorded.shadowAction).toBe('block');
    expect(recorded.triggered).toEqual(['weapons']);
    expect(recorded.frameEmbeddings).toHaveLength(3);

    const found = await store.findById(recorded.id);
    expect(found).toEqual(recorded);
    // Doubles survive exactly; embeddings are float32, so equal to what the engine produced within float32 precision.
    expect(found!.categories.map((category) => category.score)).toEqual(decision.categories.map((category) => category.score));
    found!.embedding.forEach((value, index) => expect(value).toBeCloseTo(decision.embedding[index]!, 6));
    expect(found!.categories.map((category) => category.id)).toEqual(['weapons', 'drugs', 'counterfeit']);
    expect(await store.findById(recorded.id.toUpperCase())).toEqual(recorded);
  });

  it('keeps single-frame decisions compact and still returns their frame embeddings', async () => {
    const decision = makeDecision(policy, { seed: 3 });
    const recorded = await store.record({ decision, policy, mode: 'shadow' });
    const [row] = await dataSource.query(`SELECT "frame_embeddings" FROM "moderation_decisions" WHERE "id" = '${recorded.id}'`);
    expect(row.frame_embeddings).toBeNull();
    const found = await store.getById(recorded.id);
    expect(found).toEqual({ ...expectedFrom(decision), id: recorded.id, subject: null, source: null, mode: 'shadow', held: false, apiKeyId: null, review: null, shadowOf: null });
  });

  it('stores the policy snapshot once and returns it for explanations', async () => {
    await store.record({ decision: makeDecision(policy, { seed: 1 }), policy });
    await store.record({ decision: makeDecision(policy, { seed: 2 }), policy });
    expect(await countRows('moderation_policy_versions')).toBe(1);
    expect(await store.getPolicyVersion(policy.id, policy.version)).toEqual(policy);
    expect(await new DecisionRepository(new ModerationDatabase(dataSource)).getPolicyVersion(policy.id, policy.version)).toEqual(policy);
    expect(await store.getPolicyVersion(policy.id, 'sha256:ffffffffffffffff')).toBeNull();
  });

  it('finds the newest reusable enforce-mode decision for the same bytes, policy version and model', async () => {
    const other = makePolicy(policy.id, 'sha256:1111111111111111');
    const same = { content: 'same-bytes' };
    await store.record({ decision: makeDecision(policy, { ...same, decidedAt: '2026-01-01T00:00:00.000Z' }), policy });
    const newest = await store.record({ decision: makeDecision(policy, { ...same, decidedAt: '2026-01-02T00:00:00.000Z', seed: 2 }), policy });
    await store.record({ decision: makeDecision(other, { ...same, decidedAt: '2026-01-03T00:00:00.000Z' }), policy: other });
    await store.record({ decision: makeDecision(policy, { ...same, decidedAt: '2026-01-04T00:00:00.000Z', modelHash: 'sha256:other' }), policy });
    await store.record({ decision: makeDecision(policy, { ...same, decidedAt: '2026-01-05T00:00:00.000Z' }), policy, mode: 'shadow' });

    const key = { sha256: newest.content.sha256, policyId: policy.id, policyVersion: policy.version, modelHash: MODEL.hash };
    expect(await store.findReusable(key)).toEqual(newest);
    expect((await store.findReusable({ ...key, policyVersion: other.version }))?.policy.version).toBe(other.version);
    expect(await store.findReusable({ ...key, modelHash: 'sha256:unknown' })).toBeNull();
    expect(await store.findReusable({ ...key, sha256: 'f'.repeat(64) })).toBeNull();
  });

  it('filters by policy, action, category, subject, source and time range', async () => {
    const kids = makePolicy('kids', 'sha256:2222222222222222');
    const at = (day: number): string => `2026-02-${String(day).padStart(2, '0')}T12:00:00.000Z`;
    const record = async (name: string, options: Parameters<typeof makeDecision>[1], extra: { subject?: string; source?: string } = {}, used = policy) =>
      [name, (await store.record({ decision: makeDecision(used, options), policy: used, ...extra })).id] as const;
    const ids = Object.fromEntries([
      await record('allowed', { decidedAt: at(1) }, { subject: 'alice', source: 'profile-photo' }),
      await record('weaponsReview', { decidedAt: at(2), actions: { weapons: 'review' } }, { subject: 'bob', source: 'listing' }),
      await record('drugsBlock', { decidedAt: at(3), actions: { drugs: 'block' } }, { subject: 'alice', source: 'listing' }),
      await record('shadowOnly', { decidedAt: at(4), actions: { counterfeit: 'block' } }, { subject: 'carol' }),
      await record('kidsWeapons', { decidedAt: at(5), actions: { weapons: 'block' } }, { subject: 'bob', source: 'profile-photo' }, kids),
    ]);
    const namesFor = async (filter: Parameters<DecisionRepository['list']>[0]): Promise<string[]> =>
      (await store.list(filter, { limit: 50 })).items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id)!);

    expect(await namesFor({})).toEqual(['kidsWeapons', 'shadowOnly', 'drugsBlock', 'weaponsReview', 'allowed']);
    expect(await namesFor({ policy: 'kids' })).toEqual(['kidsWeapons']);
    expect(await namesFor({ policy: policy.id })).toEqual(['shadowOnly', 'drugsBlock', 'weaponsReview', 'allowed']);
    expect(await namesFor({ action: 'block' })).toEqual(['kidsWeapons', 'drugsBlock']);
    expect(await namesFor({ action: 'allow' })).toEqual(['shadowOnly', 'allowed']);
    // Only decisions where the category itself fired, not every decision that scored it.
    expect(await namesFor({ category: 'weapons' })).toEqual(['kidsWeapons', 'weaponsReview']);
    expect(await namesFor({ category: 'weapons', policy: policy.id })).toEqual(['weaponsReview']);
    expect(await namesFor({ category: 'counterfeit' })).toEqual(['shadowOnly']);
    expect(await namesFor({ category: 'nothing-like-it' })).toEqual([]);
    expect(await namesFor({ subject: 'alice' })).toEqual(['drugsBlock', 'allowed']);
    expect(await namesFor({ source: 'profile-photo' })).toEqual(['kidsWeapons', 'allowed']);
    expect(await namesFor({ subject: 'bob', source: 'listing' })).toEqual(['weaponsReview']);
    // `from` is inclusive, `to` exclusive.
    expect(await namesFor({ from: new Date(at(2)), to: new Date(at(4)) })).toEqual(['drugsBlock', 'weaponsReview']);
    expect(await namesFor({ from: new Date(at(5)) })).toEqual(['kidsWeapons']);
    expect(await namesFor({ to: new Date(at(1)) })).toEqual([]);
  });

  it('walks 25 decisions in pages of 10 without repeats or gaps, also when times are equal', async () => {
    // Five decisions share each timestamp, so only the id keeps the order stable between pages.
    const recorded: StoredDecision[] = [];
    for (let index = 0; index < 25; index++) {
      const decidedAt = `2026-03-01T08:00:0${Math.floor(index / 5)}.250Z`;
      recorded.push(await store.record({ decision: makeDecision(policy, { decidedAt, seed: index }), policy }));
    }
    const seen: StoredDecision[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({}, { limit: 10, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen.map((item) => item.id)).toEqual([...recorded].sort(newestFirst).map((item) => item.id));
    expect(new Set(seen.map((item) => item.id)).size).toBe(25);
    expect(seen).toEqual(expect.arrayContaining(recorded));
  });

  it('clamps the page size and rejects malformed cursors and limits', async () => {
    for (let index = 0; index < 3; index++) await store.record({ decision: makeDecision(policy, { seed: index }), policy });
    expect((await store.list({}, { limit: 0 })).items).toHaveLength(1);
    expect((await store.list({}, { limit: 10_000 })).items).toHaveLength(3);

    const valid = (await store.list({}, { limit: 1 })).nextCursor!;
    const malformed = [
      'not a cursor!',
      '',
      Buffer.from('{"no":"array"}').toString('base64url'),
      Buffer.from('["yesterday","0c8b5c1e-5f4e-4d0b-9a55-1c0f3f7d0e11"]').toString('base64url'),
      Buffer.from('["2026-01-01T00:00:00.000Z","not-a-uuid"]').toString('base64url'),
      valid.slice(0, -3),
      'x'.repeat(5000),
    ];
    for (const cursor of malformed) {
      const error = await rejection(store.list({}, { limit: 10, cursor }));
      expect(error.code).toBe(ModerationErrorCode.ValidationFailed);
      expect(error.details).toEqual({ errors: [expect.objectContaining({ field: 'cursor' })] });
    }
    expect((await rejection(store.list({}, { limit: Number.NaN }))).code).toBe(ModerationErrorCode.ValidationFailed);
    expect((await rejection(store.list({ from: new Date('nope') }, { limit: 5 }))).code).toBe(ModerationErrorCode.ValidationFailed);
  });

  it('reports unknown ids as DecisionNotFound, whatever their shape', async () => {
    for (const id of ['0c8b5c1e-5f4e-4d0b-9a55-1c0f3f7d0e11', 'not-a-uuid', "x' OR '1'='1"]) {
      expect(await store.findById(id)).toBeNull();
      const error = await rejection(store.getById(id));
      expect(error.code).toBe(AppErrorCode.DecisionNotFound);
    }
  });

  it('refuses a snapshot that does not belong to the decision, and over-long labels', async () => {
    const decision = makeDecision(policy);
    const error = await rejection(store.record({ decision, policy: makePolicy(policy.id, 'sha256:3333333333333333') }));
    expect(error.code).toBe(ModerationErrorCode.ValidationFailed);
    expect((await rejection(store.record({ decision, policy, subject: 's'.repeat(256) }))).code).toBe(ModerationErrorCode.ValidationFailed);
    expect(await countRows('moderation_decisions')).toBe(0);
  });

  it('stores the PDQ hash and quality, keeps null for a decision without one, and refuses a malformed one', async () => {
    const hashed = await store.record({ decision: makeDecision(policy, { seed: 3 }), policy });
    expect((await store.findById(hashed.id))!.pdq).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), quality: 83 });
    const unhashed = await store.record({ decision: { ...makeDecision(policy, { seed: 4 }), pdq: null }, policy });
    expect((await store.findById(unhashed.id))!.pdq).toBeNull();
    for (const pdq of [{ hash: 'ABC', quality: 50 }, { hash: 'F'.repeat(64), quality: 50 }, { hash: 'f'.repeat(64), quality: 101 }, { hash: 'f'.repeat(64), quality: 2.5 }]) {
      const error = await rejection(store.record({ decision: { ...makeDecision(policy, { seed: 5 }), pdq }, policy }));
      expect(error.details).toMatchObject({ errors: [{ field: expect.stringMatching(/^pdq\./) }] });
    }
    expect(await countRows('moderation_decisions')).toBe(2);
  });

  it('records 20 concurrent decisions under a new policy version, with one snapshot', async () => {
    const fresh = makePolicy('burst', 'sha256:4444444444444444');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => store.record({ decision: makeDecision(fresh, { seed: index, frames: 1 + (index % 3) }), policy: fresh })),
    );
    expect(new Set(results.map((result) => result.id)).size).toBe(20);
    expect(await countRows('moderation_policy_versions')).toBe(1);
    expect(await countRows('moderation_decisions')).toBe(20);
    expect(await countRows('moderation_decision_categories')).toBe(60);
    const page = await store.list({ policy: 'burst' }, { limit: 200 });
    expect(page.items).toHaveLength(20);
    expect(page.items).toEqual(expect.arrayContaining(results));
  });

  it('deletes a decision\'s categories with it', async () => {
    const recorded = await store.record({ decision: makeDecision(policy), policy });
    await dataSource.query(`DELETE FROM "moderation_decisions" WHERE "id" = '${recorded.id}'`);
    expect(await countRows('moderation_decision_categories')).toBe(0);
  });

  it('answers ping while connected and reports DatabaseUnavailable once the connection is gone', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    const closed = new DataSource(createDataSourceOptions(database.config));
    await closed.initialize();
    const closedStore = new DecisionRepository(new ModerationDatabase(closed));
    await closed.destroy();
    expect((await rejection(closedStore.ping())).code).toBe(AppErrorCode.DatabaseUnavailable);
    expect((await rejection(new DecisionRepository(new ModerationDatabase(new DataSource(createDataSourceOptions(database.config)))).ping())).code).toBe(
      AppErrorCode.DatabaseUnavailable,
    );
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { ModerationError } from '../../../src/engine/errors/moderation-error';
import { createDataSourceOptions } from '../../../src/database/database-config';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { makeDecision, makePolicy } from './decision-fixture';
import type { Task, TaskResult } from './decision-log-process';
import { TEST_DRIVERS, TestDatabase, createTestDatabase } from '../../support/test-database';
import { REPO_ROOT } from '../../support/paths';
import { ModerationErrorCode } from '../../../src/engine/errors/moderation-error-code';
import { ModerationDatabase } from '../../../src/database/moderation-database';

const run = promisify(execFile);
const CHILD = join(__dirname, 'decision-log-process.ts');

/** Runs `task` in a separate Node process whose time zone is `timeZone`. */
async function inProcess(timeZone: string, task: Task): Promise<TaskResult> {
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', CHILD, JSON.stringify(task)], {
    cwd: REPO_ROOT,
    env: { ...process.env, TZ: timeZone },
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as TaskResult;
}

describe.each(TEST_DRIVERS)('decision times across time zones on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: DecisionRepository;
  const policy = makePolicy();

  beforeAll(async () => {
    database = await createTestDatabase(driver, 'decision-time-zones');
    dataSource = new DataSource(createDataSourceOptions(database.config));
    await dataSource.initialize();
  });

  beforeEach(async () => {
    for (const table of ['moderation_decision_categories', 'moderation_decisions', 'moderation_policy_versions']) {
      await dataSource.query(`DELETE FROM "${table}"`);
    }
    store = new DecisionRepository(new ModerationDatabase(dataSource));
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.remove();
  });

  const rawTimes = async (): Promise<{ decisions: string[]; firstUsed: string[] }> => ({
    decisions: (await dataSource.query(`SELECT "created_at" FROM "moderation_decisions" ORDER BY "created_at"`)).map((row: { created_at: unknown }) => row.created_at),
    firstUsed: (await dataSource.query(`SELECT "first_used_at" FROM "moderation_policy_versions"`)).map((row: { first_used_at: unknown }) => row.first_used_at),
  });

  it('stores UTC text when written from Asia/Kolkata and reads the same instant back in UTC', async () => {
    // 20:00Z is already the next day (01:30) in Kolkata.
    const times = ['2026-01-15T10:20:30.123Z', '2026-01-15T20:00:00.000Z'];
    const written = await inProcess('Asia/Kolkata', { action: 'record', config: database.config, decidedAt: times });
    expect(written.offsetMinutes).toBe(-330); // the child really ran 5:30 ahead of UTC
    expect(written.decisions.map((decision) => decision.decidedAt)).toEqual(times);

    // The raw columns hold the UTC text itself, not Kolkata wall-clock time.
    expect(await rawTimes()).toEqual({ decisions: times, firstUsed: [times[0]] });

    const read = await inProcess('UTC', { action: 'list', config: database.config, limit: 1 });
    expect(read.offsetMinutes).toBe(0);
    expect(read.decisions).toEqual([...written.decisions].reverse());
    // A range given in UTC finds the decision written from Kolkata (from inclusive, to exclusive).
    const ranged = await inProcess('UTC', { action: 'list', config: database.config, from: times[0], to: times[1], limit: 10 });
    expect(ranged.decisions.map((decision) => decision.id)).toEqual([written.decisions[0]!.id]);
    expect(await store.getById(written.decisions[1]!.id)).toEqual(written.decisions[1]);
  });

  it('orders and filters decisions written from different time zones by their instant', async () => {
    const fromKolkata = await inProcess('Asia/Kolkata', { action: 'record', config: database.config, decidedAt: ['2026-06-01T10:00:00.000Z'] });
    const fromNewYork = await inProcess('America/New_York', {
      action: 'record',
      config: database.config,
      decidedAt: ['2026-06-01T09:00:00.000Z', '2026-06-01T11:00:00.000Z'],
    });
    expect(fromNewYork.offsetMinutes).toBe(240);
    const [nineUtc, elevenUtc] = fromNewYork.decisions;
    const [tenUtc] = fromKolkata.decisions;
    const ids = (await inProcess('Pacific/Auckland', { action: 'list', config: database.config, limit: 2 })).decisions.map((decision) => decision.id);
    expect(ids).toEqual([elevenUtc!.id, tenUtc!.id, nineUtc!.id]);
    const ranged = await store.list({ from: new Date('2026-06-01T15:00:00.000+05:30'), to: new Date('2026-06-01T07:00:00.000-04:00') }, { limit: 10 });
    expect(ranged.items.map((item) => item.id)).toEqual([tenUtc!.id]);
  });

  it('accepts the years 0000 to 9999 and orders them by string comparison', async () => {
    const earliest = '0000-01-01T00:00:00.000Z';
    const latest = '9999-12-31T23:59:59.999Z';
    const middle = await store.record({ decision: makeDecision(policy, { decidedAt: '2026-01-15T15:50:30.123+05:30', seed: 2 }), policy });
    expect(middle.decidedAt).toBe('2026-01-15T10:20:30.123Z');
    const first = await store.record({ decision: makeDecision(policy, { decidedAt: earliest, seed: 1 }), policy });
    const last = await store.record({ decision: makeDecision(policy, { decidedAt: latest, seed: 3 }), policy });
    expect((await rawTimes()).decisions).toEqual([earliest, '2026-01-15T10:20:30.123Z', latest]);
    expect((await store.list({}, { limit: 10 })).items.map((item) => item.id)).toEqual([last.id, middle.id, first.id]);

    // Bounds outside the storable years still mean what they say.
    const ids = async (from?: string, to?: string): Promise<string[]> =>
      (await store.list({ from: from === undefined ? undefined : new Date(from), to: to === undefined ? undefined : new Date(to) }, { limit: 10 })).items.map(
        (item) => item.id,
      );
    expect(await ids('-000001-01-01T00:00:00.000Z')).toEqual([last.id, middle.id, first.id]);
    expect(await ids(undefined, '+010000-01-01T00:00:00.000Z')).toEqual([last.id, middle.id, first.id]);
    expect(await ids('+010000-01-01T00:00:00.000Z')).toEqual([]);
    expect(await ids(undefined, '-000001-01-01T00:00:00.000Z')).toEqual([]);
    expect(await ids(latest)).toEqual([last.id]);
    expect(await ids(undefined, earliest)).toEqual([]);
  });

  it('refuses decision times that have no 24-character ISO form', async () => {
    for (const decidedAt of ['+010000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
      const error = await store.record({ decision: makeDecision(policy, { decidedAt }), policy }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModerationError);
      expect((error as ModerationError).code).toBe(ModerationErrorCode.ValidationFailed);
      expect((error as ModerationError).details).toEqual({ errors: [expect.objectContaining({ field: 'decidedAt' })] });
    }
    expect((await rawTimes()).decisions).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DecisionSearchIndex } from '../../../src/features/search';
import { DecisionKeyTable } from '../../../src/features/search/index/decision-key-table';
import { SearchableDecision, SearchableDecisions } from '../../../src/features/search/index/searchable-decisions';
import { CandidateRow, RecentId, SearchIndexRepository } from '../../../src/features/search/search-index.repository';
import { tempDir } from '../../support/temp-dir';

// Small sizes: jest's realm makes typed-array loops many times slower than plain node.
const DIMENSIONS = 8;

/** A unit vector along axis `axis`, nudged by `nudge` along the next one. */
function axis(index: number, nudge = 0): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  vector[index % DIMENSIONS] = 1;
  vector[(index + 1) % DIMENSIONS] = nudge;
  return vector;
}

const decision = (overrides: Partial<SearchableDecision> & { embedding: Float32Array }): SearchableDecision => ({
  id: randomUUID(),
  decidedAtMs: Date.parse('2026-03-01T12:00:00.000Z'),
  policyId: 'default',
  action: 'allow',
  reviewed: false,
  ...overrides,
});

describe('DecisionKeyTable', () => {
  it('hands out dense keys, finds every id again through growth, and round-trips its words', () => {
    const table = new DecisionKeyTable(4);
    const ids = Array.from({ length: 3000 }, () => randomUUID());
    ids.forEach((id, key) => expect(table.keyOf(id)).toBe(key));
    expect(table.keyOf(ids[17]!)).toBe(17);
    expect(table.size).toBe(3000);
    expect(ids.every((id, key) => table.find(id) === key && table.idOf(key) === id)).toBe(true);
    expect(table.find(randomUUID())).toBe(-1);
    expect(table.find('not-a-uuid')).toBe(-1);
    expect(() => table.keyOf('A0000000-0000-4000-8000-000000000000')).toThrow(RangeError);
    const copy = DecisionKeyTable.fromWords(table.exportWords());
    expect(ids.every((id, key) => copy.find(id) === key)).toBe(true);
    const doubled = new Uint32Array([...table.exportWords().subarray(0, 8), ...table.exportWords().subarray(0, 4)]);
    expect(() => DecisionKeyTable.fromWords(doubled)).toThrow(/appears twice/);
  });
});

describe('SearchableDecisions', () => {
  const dir = tempDir('search-index');
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const a = decision({ embedding: axis(0), policyId: 'marketplace', action: 'block' });
  const b = decision({ embedding: axis(0, 0.2), decidedAtMs: Date.parse('2026-03-05T00:00:00.000Z') });
  const c = decision({ embedding: axis(3), reviewed: true, action: 'review' });

  const build = (): SearchableDecisions => {
    const decisions = new SearchableDecisions();
    for (const item of [a, b, c]) expect(decisions.put(item)).toBe(true);
    return decisions;
  };

  it('ranks by similarity and filters on policy, action, time and review inside the scan', () => {
    const decisions = build();
    const ids = (filter = {}): string[] => decisions.search(axis(0), filter, { limit: 10 }).map((match) => match.id);
    expect(ids()).toEqual([a.id, b.id, c.id]);
    expect(ids({ policyId: 'marketplace' })).toEqual([a.id]);
    expect(ids({ policyId: 'unknown' })).toEqual([]);
    expect(ids({ action: 'allow' })).toEqual([b.id]);
    expect(ids({ fromMs: Date.parse('2026-03-02T00:00:00.000Z') })).toEqual([b.id]);
    expect(ids({ toMs: b.decidedAtMs })).toEqual([a.id, c.id]);
    expect(ids({ reviewed: true })).toEqual([c.id]);
    decisions.markReviewed(b.id);
    expect(ids({ reviewed: true })).toEqual([b.id, c.id]);
    expect(decisions.search(axis(0), {}, { limit: 10, minSimilarity: 0.9 }).map((match) => match.id)).toEqual([a.id, b.id]);
    // Another model's width is refused; removal takes a decision out of every search.
    expect(decisions.put(decision({ embedding: new Float32Array(4).fill(0.5) }))).toBe(false);
    expect(decisions.remove(a.id)).toBe(true);
    expect(decisions.remove(a.id)).toBe(false);
    expect(ids()).toEqual([b.id, c.id]);
    expect(decisions.size).toBe(2);
  });

  it('round-trips ids, facts and vectors through its snapshot, and refuses damaged or mismatched files', async () => {
    const decisions = build();
    decisions.remove(c.id);
    expect(await new SearchableDecisions().writeSnapshot(join(dir, 'empty'), 'm')).toBe(false);
    expect(await decisions.writeSnapshot(dir, 'mark-1')).toBe(true);
    const restored = (await SearchableDecisions.readSnapshot(dir))!;
    expect(restored.mark).toBe('mark-1');
    expect(restored.decisions.size).toBe(2);
    expect(restored.decisions.has(c.id)).toBe(false);
    expect(restored.decisions.search(axis(0), { policyId: 'marketplace' }, { limit: 5 })).toEqual(decisions.search(axis(0), { policyId: 'marketplace' }, { limit: 5 }));
    expect(await SearchableDecisions.readSnapshot(join(dir, 'missing'))).toBeUndefined();

    const facts = await readFile(join(dir, 'decisions.facts'));
    await build().writeSnapshot(dir, 'mark-2');
    await writeFile(join(dir, 'decisions.facts'), facts);
    await expect(SearchableDecisions.readSnapshot(dir)).rejects.toThrow(/not written together/);
    const flipped = Buffer.from(facts);
    flipped[flipped.length - 8] ^= 1;
    await writeFile(join(dir, 'decisions.facts'), flipped);
    await expect(SearchableDecisions.readSnapshot(dir)).rejects.toThrow(/checksum/);
  });
});

/** A decision log in memory, as SearchIndexRepository reads it. */
class FakeLog {
  readonly rows: CandidateRow[] = [];
  readonly verdicts: { decisionId: string; at: string }[] = [];
  rowReads = 0;

  add(at: string, overrides: Partial<CandidateRow> = {}): CandidateRow {
    const row: CandidateRow = { id: randomUUID(), createdAt: at, policyId: 'default', action: 'allow', reviewed: false, embedding: axis(this.rows.length), mode: 'enforce', modelId: 'm', ...overrides };
    this.rows.push(row);
    return row;
  }

  repository(): SearchIndexRepository {
    const sorted = (): CandidateRow[] => [...this.rows].sort((x, y) => (x.createdAt + x.id < y.createdAt + y.id ? -1 : 1));
    const fake = {
      pages: async function* (modelId: string) {
        yield sorted().filter((row) => row.mode === 'enforce' && row.modelId === modelId);
      },
      recentIds: async (since: string, after: RecentId | undefined, limit: number): Promise<RecentId[]> =>
        sorted()
          .filter((row) => row.createdAt >= since && (!after || row.createdAt + row.id > after.createdAt + after.id))
          .slice(0, limit)
          .map(({ id, createdAt }) => ({ id, createdAt })),
      rowsByIds: async (ids: readonly string[]): Promise<CandidateRow[]> => {
        this.rowReads += ids.length;
        return this.rows.filter((row) => ids.includes(row.id));
      },
      verdictsSince: async (since: string) => {
        const given = this.verdicts.filter((verdict) => verdict.at >= since);
        return { decisionIds: given.map((verdict) => verdict.decisionId), newest: given.reduce<string | null>((latest, verdict) => (latest === null || verdict.at > latest ? verdict.at : latest), null) };
      },
    };
    return fake as unknown as SearchIndexRepository;
  }
}

describe('DecisionSearchIndex', () => {
  it('catches up on late commits within the look-back, whatever one clock says, reads skipped rows once, and applies verdicts', async () => {
    const log = new FakeLog();
    const first = log.add('2026-03-01T12:00:00.000Z');
    let now = Date.parse('2026-03-01T12:00:05.000Z');
    const index = new DecisionSearchIndex({ repository: log.repository(), modelId: 'm', lookbackMs: 60_000, pageSize: 100, clock: () => now });
    await index.ready();
    expect(index.status()).toMatchObject({ loaded: true, source: 'database', decisions: 1 });
    const newer = log.add('2026-03-01T12:10:00.000Z');
    const shadow = log.add('2026-03-01T12:10:01.000Z', { mode: 'shadow' });
    const otherModel = log.add('2026-03-01T12:10:02.000Z', { modelId: 'other' });
    // From a writer whose clock runs an hour ahead: it must not carry the mark past the others' rows.
    const ahead = log.add('2026-03-01T13:10:00.000Z');
    now = Date.parse('2026-03-01T12:10:05.000Z');
    await index.refresh();
    const reads = log.rowReads;
    // Committed late: older than the newest row seen, but within the look-back.
    const late = log.add('2026-03-01T12:09:30.000Z');
    // Older than the look-back: a refresh does not reach it.
    const lost = log.add('2026-03-01T12:08:00.000Z');
    now += 600_000;
    log.verdicts.push({ decisionId: first.id, at: new Date(now).toISOString() });
    await Promise.all([index.refresh(), index.refresh()]);
    expect(log.rowReads - reads).toBe(1);
    const found = (await index.search(axis(0), {}, { limit: 10 })).map((match) => match.id);
    expect(found).toEqual(expect.arrayContaining([first.id, newer.id, late.id, ahead.id]));
    expect(found).not.toContain(shadow.id);
    expect(found).not.toContain(otherModel.id);
    expect(found).not.toContain(lost.id);
    expect((await index.search(axis(0), { reviewed: true }, { limit: 10 })).map((match) => match.id)).toEqual([first.id]);
  });

  it('restores its snapshot only for the same model and database', async () => {
    const dir = tempDir('search-snapshot');
    const log = new FakeLog();
    log.add('2026-03-01T12:00:00.000Z');
    const options = { repository: log.repository(), modelId: 'm', database: 'sqlite:/a', snapshotDir: dir, lookbackMs: 60_000, pageSize: 100 };
    const first = new DecisionSearchIndex(options);
    await first.ready();
    expect(await first.writeSnapshot()).toBe(true);
    expect(await new DecisionSearchIndex({ ...options, writeSnapshots: false }).writeSnapshot()).toBe(false);
    log.add(new Date().toISOString());
    const same = new DecisionSearchIndex(options);
    await same.ready();
    expect(same.status()).toMatchObject({ source: 'snapshot', decisions: 2, readFromDatabase: 1 });
    for (const other of [{ database: 'sqlite:/b' }, { modelId: 'n' }]) {
      const index = new DecisionSearchIndex({ ...options, ...other });
      await index.ready();
      expect(index.status().source).toBe('database');
    }
    await rm(dir, { recursive: true, force: true });
  });
});

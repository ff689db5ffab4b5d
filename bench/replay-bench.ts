/**
 * `npm run bench:replay`: how long replaying 100,000 stored decisions under a changed policy
 * takes, the way `moderate replay` does it (vectorised: a Float32Array of embeddings against the
 * stacked prompt matrix), with 512-dimensional embeddings as CLIP ViT-B/32 produces them and the
 * shipped default policy (6 categories, 124 prompts after templates):
 *
 * 1. in memory: pages of embeddings already at hand (what the HTTP route will do with decisions
 *    it has read), next to the same scoring done one decision at a time through `decide()`;
 * 2. from SQLite: the decisions recorded through the real DecisionRepository (built once, then kept
 *    under bench/.models/replay-bench/), read back page by page and replayed.
 *
 * Prompt embeddings are seeded random unit vectors (replay's cost does not depend on their
 * values, only on their number and width), and a tenth of the images are nudged towards a prompt
 * so that some decisions sit near thresholds and the candidate really flips some.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadPolicyFile } from '../src/engine/policy/load-policy-file';
import { Policy } from '../src/engine/policy/policy.types';
import { compilePolicy } from '../src/engine/scoring/compile-policy';
import { CompiledPolicy } from '../src/engine/scoring/compiled-policy';
import { decide } from '../src/engine/scoring/decide';
import { ModerationDecision } from '../src/engine/scoring/moderation-decision';
import { createDataSourceOptions } from '../src/database/database-config';
import { DecisionRepository } from '../src/core/decisions/decision.repository';
import { actionOf } from '../src/tuning/replay/action-codes';
import { actionsFromScores } from '../src/tuning/replay/actions-from-scores';
import { PolicyScorer } from '../src/tuning/replay/policy-scorer';
import { StoredDecisionRepository } from '../src/features/policies/tuning/stored-decision.repository';
import { replayPolicy } from '../src/tuning/replay/replay-policy';
import { ReplayReport } from '../src/tuning/replay/replay-report';
import { StoredDecisionPage } from '../src/tuning/replay/stored-decision-page';
import { PeakRss } from './latency-stats';
import { ModerationDatabase } from '../src/database/moderation-database';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 100_000);
const DIM = 512;
const PAGE = 2000;
const MODEL_HASH = 'sha256:replay-bench-random-512';
const DATA_DIR = join(__dirname, '.models', 'replay-bench');
/** A thirtieth of a day apart: the 100,000 decisions span about a month. */
const INTERVAL_MS = 26_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');

async function main(): Promise<void> {
  const rss = new PeakRss();
  const current = await loadPolicyFile(join(__dirname, '..', 'policies', 'default.yaml'));
  const candidate = moved(moved(current, 'weapons', 'review', 0.6), 'drugs', 'block', 0.8);
  const embed = seededPromptEmbedder();
  const compiled = await compilePolicy(current, MODEL_HASH, embed);
  const compiledCandidate = await compilePolicy(candidate, MODEL_HASH, embed);
  const prompts = compiled.categories.reduce((sum, entry) => sum + entry.prompts.length + entry.contrastPrompts.length, 0);
  log(`${DECISIONS.toLocaleString('en')} decisions × ${DIM} dims, policy "${current.id}" with ${compiled.categories.length} categories and ${prompts} prompts`);

  const pages = syntheticPages(compiled);
  const memory = await time(() => replayPolicy(pages, { candidate: compiledCandidate }));
  log(`in memory, vectorised: ${seconds(memory.ms)} (${perSecond(memory.ms)}), ${memory.value.overall.changed} decisions change action`);
  const oneByOne = timeSync(() => decideEach(compiledCandidate, pages));
  log(`in memory, decide() per decision: ${seconds(oneByOne.ms)} (${perSecond(oneByOne.ms)}), ${oneByOne.value} change action`);

  const query = { policyId: current.id, modelHash: MODEL_HASH };
  let dataSource = await openBenchDatabase(false);
  if ((await new StoredDecisionRepository(new ModerationDatabase(dataSource)).count(query)).matching !== DECISIONS) {
    // Missing or from another run's settings: start from an empty file.
    await dataSource.destroy();
    dataSource = await openBenchDatabase(true);
    const built = await time(() => recordAll(dataSource, current, compiled, pages));
    log(`recorded ${DECISIONS.toLocaleString('en')} decisions through DecisionRepository in ${seconds(built.ms)} (once; kept in ${DATA_DIR})`);
  }
  try {
    const fromSqlite = await time(() => replayPolicy(new StoredDecisionRepository(new ModerationDatabase(dataSource)).pages(query), { candidate: compiledCandidate }));
    log(
      `from SQLite, read + replay: ${seconds(fromSqlite.ms)} (${perSecond(fromSqlite.ms)}; scoring ${seconds(fromSqlite.value.timings.scoringMs)}), ` +
        `${fromSqlite.value.overall.changed} decisions change action`,
    );
    printSummary(memory.value, memory.ms, oneByOne.ms, fromSqlite.value, fromSqlite.ms, rss.stop());
  } finally {
    rss.stop();
    await dataSource.destroy();
  }
}

/** The policy with one threshold moved (thresholds only, so both compile to the same prompts). */
function moved(policy: Policy, categoryId: string, level: 'review' | 'block', value: number): Policy {
  return {
    ...policy,
    version: `${policy.version}+${categoryId}.${level}=${value}`,
    categories: policy.categories.map((category) => (category.id === categoryId ? { ...category, thresholds: { ...category.thresholds, [level]: value } } : category)),
  };
}

/** Deterministic random numbers, so every run replays the same decisions. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

function seededPromptEmbedder(): (prompts: readonly string[]) => Promise<ReadonlyMap<string, Float32Array>> {
  const known = new Map<string, Float32Array>();
  const next = random(0xc11b);
  return async (prompts) => {
    for (const prompt of prompts) if (!known.has(prompt)) known.set(prompt, unit(Float32Array.from({ length: DIM }, () => next() - 0.5)));
    return new Map(prompts.map((prompt) => [prompt, known.get(prompt)!]));
  };
}

function unit(values: Float32Array): Float32Array {
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm);
  return values.map((value) => value / norm);
}

/** Pages of synthetic decisions, with the actions the current policy took on them as the stored actions. */
function syntheticPages(compiled: CompiledPolicy): StoredDecisionPage[] {
  const next = random(0x5eed);
  const scorer = new PolicyScorer(compiled);
  const promptRows = compiled.categories.flatMap((entry) => Array.from({ length: entry.prompts.length }, (_, row) => entry.promptMatrix.subarray(row * DIM, (row + 1) * DIM)));
  const pages: StoredDecisionPage[] = [];
  for (let start = 0; start < DECISIONS; start += PAGE) {
    const count = Math.min(PAGE, DECISIONS - start);
    const frames = new Float32Array(count * DIM);
    for (let index = 0; index < count; index++) {
      const row = Float32Array.from({ length: DIM }, () => next() - 0.5);
      if (next() < 0.1) {
        // Towards one prompt, by a random amount: scores from "barely" to "clearly".
        const prompt = promptRows[Math.floor(next() * promptRows.length)]!;
        const weight = next() * 0.5;
        const noise = unit(row);
        for (let i = 0; i < DIM; i++) row[i] = noise[i]! * (1 - weight) + prompt[i]! * weight * 4;
      }
      frames.set(unit(row), index * DIM);
    }
    const frameOffsets = Int32Array.from({ length: count + 1 }, (_, index) => index);
    const actions = actionsFromScores(compiled.policy, scorer.score(frames, frameOffsets, count));
    pages.push({
      count,
      ids: Array.from({ length: count }, (_, index) => `synthetic-${start + index}`),
      decidedAt: Array.from({ length: count }, (_, index) => new Date(START + (start + index) * INTERVAL_MS).toISOString()),
      dim: DIM,
      frames,
      frameOffsets,
      actions: actions.overall,
      categoryActions: new Map(compiled.categories.map((entry, index) => [entry.category.id, actions.categories[index]!])),
    });
  }
  return pages;
}

/** The same work one decision at a time through the engine's decide(): the figure vectorising beats. */
function decideEach(compiled: CompiledPolicy, pages: readonly StoredDecisionPage[]): number {
  let changed = 0;
  for (const page of pages) {
    for (let index = 0; index < page.count; index++) {
      const verdict = decide(compiled, [page.frames.subarray(index * DIM, (index + 1) * DIM)]);
      if (verdict.action !== actionOf(page.actions[index]!)) changed++;
    }
  }
  return changed;
}

/** The bench's SQLite decision log; `fresh` (or BENCH_REBUILD=1 on the first open) deletes it first. */
async function openBenchDatabase(fresh: boolean): Promise<DataSource> {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `decisions-${DECISIONS}.sqlite`);
  if ((fresh || process.env.BENCH_REBUILD === '1') && existsSync(path)) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const dataSource = new DataSource(createDataSourceOptions({ sqlitePath: path }));
  return dataSource.initialize();
}

/** Records every synthetic decision through the real store, each as the engine would have made it. */
async function recordAll(dataSource: DataSource, policy: Policy, compiled: CompiledPolicy, pages: readonly StoredDecisionPage[]): Promise<void> {
  const store = new DecisionRepository(new ModerationDatabase(dataSource));
  for (const page of pages) {
    for (let index = 0; index < page.count; index++) {
      const frame = page.frames.subarray(index * DIM, (index + 1) * DIM);
      const verdict = decide(compiled, [frame]);
      const embedding = Array.from(frame);
      const decision: ModerationDecision = {
        action: verdict.action,
        shadowAction: verdict.shadowAction,
        matches: [],
        triggered: verdict.triggered,
        policy: { id: policy.id, version: policy.version },
        model: { id: 'replay-bench', hash: MODEL_HASH },
        content: { sha256: page.ids[index]!.padStart(64, '0').slice(-64), format: 'jpeg', byteLength: 50_000, width: 640, height: 480, frameCount: 1, framesScored: 1 },
        // Any 64 hex digits stand in for a PDQ hash here: replay never reads it, the row just has its real size.
        pdq: { hash: index.toString(16).padStart(64, '0'), quality: 100 },
        categories: verdict.categories,
        timings: { decodeMs: 3, queueMs: 1, inferenceMs: 20, scoringMs: 0.1, totalMs: 24.1 },
        embedding,
        frameEmbeddings: [embedding],
        decidedAt: page.decidedAt[index]!,
      };
      await store.record({ decision, policy });
    }
  }
}

function printSummary(memory: ReplayReport, memoryMs: number, oneByOneMs: number, sqlite: ReplayReport, sqliteMs: number, peakMiB: number): void {
  const lines = [
    '',
    `| ${DECISIONS.toLocaleString('en')} decisions, ${DIM} dims | time | decisions/s |`,
    '| --- | --- | --- |',
    `| in memory, vectorised replay | ${seconds(memoryMs)} | ${perSecond(memoryMs)} |`,
    `| in memory, decide() one by one | ${seconds(oneByOneMs)} | ${perSecond(oneByOneMs)} |`,
    `| SQLite, read through the decision log + vectorised replay | ${seconds(sqliteMs)} | ${perSecond(sqliteMs)} |`,
    '',
    `Both replays flip the same decisions: ${memory.overall.changed === sqlite.overall.changed ? 'yes' : 'NO'} (${sqlite.overall.changed}); peak RSS ${peakMiB.toFixed(0)} MiB.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function time<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function timeSync<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function perSecond(ms: number): string {
  return `${Math.round(DECISIONS / (ms / 1000)).toLocaleString('en')}/s`;
}

function log(message: string): void {
  process.stderr.write(`[replay-bench] ${message}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

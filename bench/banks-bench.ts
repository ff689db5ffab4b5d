/**
 * `npm run bench:banks`: what matching an image against hash banks costs, one section per part.
 *
 * PDQ index: BENCH_BANK_SIZE (default 1,000,000) random hashes filed in a `PdqHashIndex`; build
 * time and memory, then the latency of a search at distance 31 for one hash and for the eight
 * dihedral hashes of an image (half the queries near-copies of a bank entry, half unrelated),
 * next to the plain linear scan of a flat Uint32Array measured in this run, and the full distance
 * checks each search made. Both ways must find the same entries, or the bench fails.
 *
 * Plain node, no jest: jest's vm context makes tight typed-array loops many times slower.
 */
import { availableParallelism, cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PdqHashIndex } from '../src/engine/matching';
import { PDQ_WORDS } from '../src/engine/pdq';
import { quantile } from './latency-stats';
import { flipBits, linearScan, linearScanDihedral, randomPdqBank, seededRandom } from './support/random-pdq-bank';
import { formatEmbeddingSearchBench, runEmbeddingSearchBench } from './support/embedding-search-bench';

const BANK_SIZE = Number(process.env.BENCH_BANK_SIZE ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_BANK_QUERIES ?? 1000);
const LINEAR_QUERIES = Number(process.env.BENCH_BANK_LINEAR_QUERIES ?? 40);
const DISTANCE = 31;
const TARGET_MS = 20;
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Timed {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  /** Mean full distance checks a call made, when `work` reports them. */
  readonly checks: number;
}

/** Runs `work` on every query after a warm-up pass, timing each call; `work` may return its distance checks. */
function timeEach<Query>(queries: readonly Query[], work: (query: Query) => number | void): Timed {
  for (const query of queries.slice(0, Math.min(queries.length, 20))) work(query);
  let checks = 0;
  const samples = queries.map((query) => {
    const started = performance.now();
    checks += work(query) ?? 0;
    return performance.now() - started;
  });
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), mean, checks: checks / samples.length };
}

function memory(): { rss: number; heap: number; buffers: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed, buffers: usage.arrayBuffers };
}

function row(cells: readonly string[]): string {
  return `    ${cells.map((cell, index) => cell.padEnd(index === 0 ? 40 : 16)).join(' ')}`.trimEnd();
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** Queries like the ones an upload brings: half a near-copy of an entry (0..31 bits off), half unrelated. */
function makeQueries(bank: Uint32Array, count: number, next: () => number): { single: Uint32Array[]; dihedral: Uint32Array[][] } {
  const single: Uint32Array[] = [];
  const dihedral: Uint32Array[][] = [];
  for (let query = 0; query < count; query += 1) {
    const variants = Array.from({ length: 8 }, () => randomPdqBank(1, next));
    if (query % 2 === 0) variants[query % 8] = flipBits(bank, (next() % (bank.length / PDQ_WORDS)) * PDQ_WORDS, next() % (DISTANCE + 1), next);
    single.push(variants[query % 8]!);
    dihedral.push(variants);
  }
  return { single, dihedral };
}

function sameEntries(a: readonly number[], b: readonly number[]): boolean {
  const left = [...a].sort((x, y) => x - y);
  const right = [...b].sort((x, y) => x - y);
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/** The PDQ index section: build, memory, latency against the linear scan, and the targets it is held to. */
function pdqIndexSection(lines: string[], checks: [string, boolean][]): void {
  const next = seededRandom(0x5eed);
  const bank = randomPdqBank(BANK_SIZE, next);
  const { single, dihedral } = makeQueries(bank, QUERIES, next);

  const before = memory();
  const index = new PdqHashIndex();
  const buildStarted = performance.now();
  for (let entry = 0; entry < BANK_SIZE; entry += 1) index.add(entry, bank.subarray(entry * PDQ_WORDS, (entry + 1) * PDQ_WORDS));
  const buildMs = performance.now() - buildStarted;
  // The first search files the entries added since the last one flat (FrozenChunks); time it apart.
  const beforeFirstSearch = index.byteLength;
  const firstStarted = performance.now();
  index.search(single[0]!, DISTANCE);
  const firstSearchMs = performance.now() - firstStarted;
  const after = memory();

  // Each search reads its own check count before the next one, so it is part of what is timed (a getter).
  const indexed = timeEach(single, (query) => (index.search(query, DISTANCE), index.lastSearchCandidates));
  const indexedDihedral = timeEach(dihedral, (variants) => (index.searchDihedral(variants, DISTANCE), index.lastSearchCandidates));
  const wider = [47, 63].map((distance) => ({ distance, timed: timeEach(single.slice(0, LINEAR_QUERIES * 2), (query) => (index.search(query, distance), index.lastSearchCandidates)) }));
  const linear = timeEach(single.slice(0, LINEAR_QUERIES), (query) => (linearScan(bank, query, DISTANCE), BANK_SIZE));
  const linearDihedral = timeEach(dihedral.slice(0, Math.max(4, LINEAR_QUERIES / 4)), (variants) => (linearScanDihedral(bank, variants, DISTANCE), 8 * BANK_SIZE));

  let agree = true;
  let matched = 0;
  for (let query = 0; query < LINEAR_QUERIES; query += 1) {
    const found = index.search(single[query]!, DISTANCE).map((match) => match.id);
    matched += found.length;
    agree &&= sameEntries(found, linearScan(bank, single[query]!, DISTANCE));
    agree &&= sameEntries(index.searchDihedral(dihedral[query]!, DISTANCE).map((match) => match.id), linearScanDihedral(bank, dihedral[query]!, DISTANCE));
  }

  lines.push('', `PDQ index: ${BANK_SIZE.toLocaleString('en')} random hashes, distance ${DISTANCE} unless noted; ${QUERIES} queries (half near-copies of an entry), linear scans on ${LINEAR_QUERIES}`);
  lines.push(`    build: ${ms(buildMs)} ms of add() one at a time (${((buildMs * 1000) / BANK_SIZE).toFixed(2)} us an entry), then ${ms(firstSearchMs)} ms for the first search, which files them flat`);
  lines.push(`    memory: typed arrays ${(index.byteLength / MiB).toFixed(1)} MiB (${(index.byteLength / BANK_SIZE).toFixed(0)} bytes an entry; ${(beforeFirstSearch / MiB).toFixed(1)} MiB before the first search); RSS +${((after.rss - before.rss) / MiB).toFixed(1)} MiB, array buffers +${((after.buffers - before.buffers) / MiB).toFixed(1)} MiB, JS heap +${((after.heap - before.heap) / MiB).toFixed(1)} MiB`);
  lines.push(row(['search', 'p50 ms', 'p99 ms', 'mean ms', 'checks/query']));
  const table: [string, Timed][] = [
    ['index, one hash', indexed],
    ['index, 8 dihedral hashes', indexedDihedral],
    ...wider.map(({ distance, timed }): [string, Timed] => [`index, one hash, distance ${distance}${timed.checks >= index.size ? ' (scans)' : ''}`, timed]),
    ['linear scan, one hash', linear],
    ['linear scan, 8 dihedral hashes', linearDihedral],
  ];
  for (const [label, timed] of table) lines.push(row([label, ms(timed.p50), ms(timed.p99), ms(timed.mean), timed.checks.toFixed(0)]));
  lines.push(`    index against linear scan: ${(linear.p50 / indexed.p50).toFixed(0)}x faster for one hash, ${(linearDihedral.p50 / indexedDihedral.p50).toFixed(0)}x for eight; same entries on ${LINEAR_QUERIES} queries (${matched} matches): ${agree ? 'yes' : 'NO'}`);
  checks.push([`index finds exactly what the linear scan finds`, agree]);
  checks.push([`${BANK_SIZE.toLocaleString('en')} entries, 8 dihedral hashes at ${DISTANCE}: p99 ${ms(indexedDihedral.p99)} ms <= ${TARGET_MS} ms`, indexedDihedral.p99 <= TARGET_MS]);
}

/** Search of past traffic: the exact int8 embedding index over stored decisions (BENCH_SEARCH_SIZE, default 1,000,000). */
async function embeddingSearchSection(lines: string[], checks: [string, boolean][]): Promise<void> {
  const result = await runEmbeddingSearchBench();
  lines.push('', ...formatEmbeddingSearchBench(result));
  const count = result.size.toLocaleString('en');
  checks.push(
    [`search over ${count} decisions: p50 ${ms(result.search.p50Ms)} ms <= 500 ms`, result.search.p50Ms <= 500],
    [`search index over ${count} decisions: ${(result.indexBytes / 1e6).toFixed(0)} MB <= 600 MB`, result.indexBytes <= 600e6],
  );
}

async function main(): Promise<void> {
  const lines = [`Bank matching bench: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`];
  const checks: [string, boolean][] = [];
  pdqIndexSection(lines, checks);
  if (process.env.BENCH_ONLY !== 'pdq') await embeddingSearchSection(lines, checks);
  lines.push('', 'Targets:', ...checks.map(([label, met]) => `    ${met ? 'met    ' : 'MISSED '} ${label}`), '');
  process.stdout.write(`${lines.join('\n')}\n`);
  if (checks.some(([, met]) => !met)) process.exitCode = 1;
}

void main();

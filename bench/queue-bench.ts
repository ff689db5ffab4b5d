/**
 * `npm run bench:queue`: asynchronous moderation through Redis on the ViT-B/32-shaped model.
 *
 * - the engine's own figures in this process: score() one image at a time (latency) and with 8
 *   concurrent callers (throughput);
 * - the real server in its own process with MODERATION_QUEUE_PROCESSORS=off, and 1 then 2 worker
 *   processes (`src/app/worker.ts`, default concurrency = batch size 8): jobs per second for a burst
 *   of `POST /v1/moderations?mode=async&fresh=true`, from the first enqueue to the last decision;
 * - at low load (one job at a time, one worker): the time from enqueue to decision, from the
 *   job's own timestamps (set by the API and the worker), next to score()'s latency.
 *
 * Each figure is the best of BENCH_ROUNDS rounds (default 3), engine and queue rounds taken in
 * turn, so a neighbour using the CPU for a while lowers one round rather than the result; the load
 * average is printed before and after. Needs Redis (REDIS_URL, default redis://127.0.0.1:6379);
 * keys go under a fresh prefix that is deleted at the end. Decisions go to a throwaway SQLite file.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Queue from 'bull';
import { ModerationEngine } from '../src/engine/moderation-engine';
import { benchJpegs, webSized } from './bench-images';
import { quantile } from './latency-stats';
import { ensureVitB32ClipModel } from './support/vit-b32-clip-model';

const MODEL_DIR = join(__dirname, '.models', 'clip-vit-b32-random');
const CACHE_DIR = join(__dirname, '.models', 'cache');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const JOBS = Number(process.env.BENCH_JOBS ?? 160);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CALLERS = 8;
const REPO = join(__dirname, '..');

interface JobView {
  readonly id: string;
  readonly state: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

async function main(): Promise<void> {
  await ensureVitB32ClipModel(MODEL_DIR);
  const images = (await webSized(await benchJpegs())).map((file) => file.bytes);
  const loadBefore = loadAverage();
  // The engine stays open (idle) while the queue is measured, so its rounds can alternate with the queue's.
  const engine = await ModerationEngine.create({ model: MODEL_DIR, policies: join(REPO, 'policies'), cacheDir: CACHE_DIR, logger: log });
  const prefix = `bench-queue-${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(__dirname, '.models', 'queue-data-'));
  const port = 39000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    MODERATION_MODEL: MODEL_DIR,
    MODERATION_CACHE_DIR: CACHE_DIR,
    MODERATION_DATA_DIR: dataDir,
    REDIS_URL,
    MODERATION_QUEUE_PREFIX: prefix,
    // A local bench: no API keys to manage (the server warns loudly about it).
    MODERATION_AUTH: 'disabled',
    LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < 16; i++) await engine.score(images[i % images.length]!, 'default');
    children.push(await startProcess('src/app/main.ts', { ...env, PORT: String(port), HOST: '127.0.0.1', MODERATION_QUEUE_PROCESSORS: 'off' }, () => isReady(base)));
    children.push(await startWorker(env));
    await burst(base, images, 16); // warm-up: prompt embeddings, sessions, SQLite
    const engineLatency: number[] = [];
    const queueLatency: Latency[] = [];
    const engineRate: number[] = [];
    const oneWorker: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      engineLatency.push(await sequentialLatency(engine, images));
      queueLatency.push(await lowLoadLatency(base, images));
      engineRate.push(await engineThroughput(engine, images));
      oneWorker.push(await burst(base, images, JOBS));
      log(`round ${round + 1}: engine ${engineRate[round]!.toFixed(1)} images/s, 1 worker ${oneWorker[round]!.toFixed(1)} jobs/s`);
    }
    children.push(await startWorker(env));
    await burst(base, images, 16);
    const twoWorkers: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      engineRate.push(await engineThroughput(engine, images));
      twoWorkers.push(await burst(base, images, JOBS));
      log(`round ${round + 1}: engine ${engineRate[ROUNDS + round]!.toFixed(1)} images/s, 2 workers ${twoWorkers[round]!.toFixed(1)} jobs/s`);
    }
    const best = { engine: Math.max(...engineRate), one: Math.max(...oneWorker), two: Math.max(...twoWorkers) };
    const scoreP50 = Math.min(...engineLatency);
    const server = Math.min(...queueLatency.map((latency) => latency.server));
    const client = Math.min(...queueLatency.map((latency) => latency.client));
    process.stdout.write(
      [
        '',
        `web-sized JPEGs (<= 640 px), ViT-B/32-shaped model, worker concurrency ${process.env.MODERATION_WORKER_CONCURRENCY ?? 'default (= batch size 8)'}, best of ${ROUNDS} rounds`,
        `load average before ${loadBefore}, after ${loadAverage()}`,
        `    engine score(), ${CALLERS} callers (in process):        ${best.engine.toFixed(1)} images/s`,
        `    queue, 1 worker process:                  ${best.one.toFixed(1)} jobs/s = ${((best.one / best.engine) * 100).toFixed(1)} % of the engine`,
        `    queue, 2 worker processes:                ${best.two.toFixed(1)} jobs/s = ${((best.two / best.one) * 100).toFixed(1)} % of 1 worker`,
        `one job at a time, 1 worker (median of ${LATENCY_SAMPLES}):`,
        `    engine score():                           ${scoreP50.toFixed(0)} ms`,
        `    enqueue -> decision (job timestamps):     ${server.toFixed(0)} ms (+${(server - scoreP50).toFixed(0)} ms)`,
        `    client: POST -> 'done' seen by polling:   ${client.toFixed(0)} ms (polling every 10 ms)`,
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all(children.reverse().map(stopProcess));
    await engine.close();
    await deleteKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median enqueue-to-decision latencies of one round: from the job's timestamps, and as the client saw it. */
interface Latency {
  readonly server: number;
  readonly client: number;
}

/** Median score() latency, one image at a time. */
async function sequentialLatency(engine: ModerationEngine, images: readonly Buffer[]): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    await engine.score(images[i % images.length]!, 'default');
    latencies.push(performance.now() - started);
  }
  return quantile(latencies, 0.5);
}

/** score() images per second with concurrent callers. */
async function engineThroughput(engine: ModerationEngine, images: readonly Buffer[]): Promise<number> {
  let done = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < deadline) {
        await engine.score(images[next++ % images.length]!, 'default');
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Enqueues `count` jobs at once and returns jobs per second from the first enqueue to the last decision. */
async function burst(base: string, images: readonly Buffer[], count: number): Promise<number> {
  const before = await completedCount(base);
  const started = performance.now();
  // A few posters in parallel, so enqueueing is never what the workers wait for.
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const index = next++;
        await enqueue(base, images[index % images.length]!);
      }
    }),
  );
  while ((await completedCount(base)) < before + count) await sleep(50);
  return count / ((performance.now() - started) / 1000);
}

/** One job at a time through one worker: median enqueue-to-decision from the job's timestamps, and as the client sees it. */
async function lowLoadLatency(base: string, images: readonly Buffer[]): Promise<Latency> {
  const server: number[] = [];
  const client: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    const id = await enqueue(base, images[i % images.length]!);
    let job: JobView;
    do {
      await sleep(10);
      job = (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as JobView;
    } while (job.state !== 'done' && job.state !== 'failed');
    client.push(performance.now() - started);
    server.push(Date.parse(job.finishedAt!) - Date.parse(job.createdAt));
  }
  return { server: quantile(server, 0.5), client: quantile(client, 0.5) };
}

async function enqueue(base: string, bytes: Buffer): Promise<string> {
  const response = await fetch(`${base}/v1/moderations?mode=async&fresh=true`, { method: 'POST', body: bytes, headers: { 'content-type': 'image/jpeg' } });
  if (response.status !== 202) throw new Error(`enqueue answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function completedCount(base: string): Promise<number> {
  const metrics = (await (await fetch(`${base}/v1/queue/metrics`)).json()) as { moderation: { counts: { completed: number; failed: number } } };
  if (metrics.moderation.counts.failed > 0) throw new Error('a bench job failed');
  return metrics.moderation.counts.completed;
}

async function isReady(base: string): Promise<boolean> {
  return fetch(`${base}/health/ready`).then(
    (response) => response.ok,
    () => false,
  );
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  let ready = false;
  const child = await startProcess('src/app/worker.ts', env, async () => ready, (text) => {
    if (/moderation worker \d+ ready/.test(text)) ready = true;
  });
  log(`worker ${child.pid} ready`);
  return child;
}

async function startProcess(script: string, env: NodeJS.ProcessEnv, ready: () => Promise<boolean>, onStderr?: (text: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(REPO, script)], { cwd: REPO, env, stdio: ['ignore', 'inherit', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    onStderr?.(text);
    process.stderr.write(text);
  });
  for (let attempt = 0; attempt < 480; attempt++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (await ready()) return child;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function deleteKeys(prefix: string): Promise<void> {
  const queue = new Queue('cleanup', REDIS_URL, { prefix });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await queue.client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await queue.client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await queue.close();
  }
}

function loadAverage(): string {
  return loadavg().map((value) => value.toFixed(2)).join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * `npm run bench:http`: requests per second and p50/p99 latency of `POST /v1/moderations` with 8
 * concurrent clients (autocannon) against the real server on the ViT-B/32-shaped model and SQLite,
 * next to the engine's own end-to-end figure measured in the same run on the same JPEGs.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ModerationEngine } from '../src/engine/moderation-engine';
import { ensureVitB32ClipModel } from './support/vit-b32-clip-model';
import { benchJpegs, webSized } from './bench-images';

const MODEL_DIR = join(__dirname, '.models', 'clip-vit-b32-random');
const CACHE_DIR = join(__dirname, '.models', 'cache');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 8;

async function main(): Promise<void> {
  await ensureVitB32ClipModel(MODEL_DIR);
  const sets = [
    { label: 'photos as shot', files: await benchJpegs() },
    { label: 'web-sized (<= 640 px)', files: await webSized(await benchJpegs()) },
  ];
  const lines = [''];
  for (const set of sets) {
    const engineRate = await engineThroughput(set.files.map((file) => file.bytes));
    const http = await httpThroughput(set.files.map((file) => file.bytes));
    lines.push(
      `${set.label}:`,
      `    engine score(), 8 callers:            ${engineRate.toFixed(1)} images/s`,
      `    POST /v1/moderations, 8 clients:      ${http.rps.toFixed(1)} requests/s = ${((http.rps / engineRate) * 100).toFixed(1)} % of the engine (HTTP + database write cost ${((1 - http.rps / engineRate) * 100).toFixed(1)} %, budget 15 %)`,
      `    latency p50 / p99:                    ${http.p50} ms / ${http.p99} ms (${http.requests} requests, ${http.errors} errors, ${http.non2xx} non-2xx)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The engine alone, in this process, with 8 concurrent callers. */
async function engineThroughput(images: readonly Buffer[]): Promise<number> {
  const engine = await ModerationEngine.create({ model: MODEL_DIR, policies: join(__dirname, '..', 'policies'), cacheDir: CACHE_DIR, logger: log });
  try {
    for (let i = 0; i < 16; i++) await engine.score(images[i % images.length]!, 'default');
    let done = 0;
    let next = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          await engine.score(images[next++ % images.length]!, 'default');
          done++;
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  } finally {
    await engine.close();
  }
}

/** The real server in its own process; autocannon here, so the two do not share an event loop. */
async function httpThroughput(images: readonly Buffer[]): Promise<{ rps: number; p50: number; p99: number; requests: number; errors: number; non2xx: number }> {
  const dataDir = mkdtempSync(join(__dirname, '.models', 'http-data-'));
  const port = 38000 + Math.floor(Math.random() * 1000);
  const server = await startServer(port, dataDir);
  try {
    const requests = images.map((bytes) => ({
      method: 'POST' as const,
      // fresh=true: every request is scored, none answered from the decision log.
      path: '/v1/moderations?fresh=true',
      headers: { 'content-type': 'image/jpeg' },
      body: bytes,
    }));
    const url = `http://127.0.0.1:${port}`;
    await autocannon({ url, connections: CLIENTS, amount: 32, requests });
    const result = await autocannon({ url, connections: CLIENTS, duration: SECONDS, requests });
    return {
      rps: result.requests.total / (result.duration || SECONDS),
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'src', 'main.ts')], {
    // Auth off explicitly: the bench measures scoring and storage, not key lookups (and logs the warning).
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MODERATION_MODEL: MODEL_DIR, MODERATION_CACHE_DIR: CACHE_DIR, MODERATION_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MODERATION_AUTH: 'disabled' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

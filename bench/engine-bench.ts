/**
 * `npm run bench`: model-only throughput of the vision session at its best batch size, then the
 * end-to-end throughput of `score()` (bytes in, decision out) with 8 concurrent callers, on the
 * same JPEGs, with a random-weight model of the exact shape of CLIP ViT-B/32.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { ModerationEngine } from '../src/engine/moderation-engine';
import { prepareImage } from '../src/engine/image/prepare-image';
import { DEFAULT_IMAGE_LIMITS } from '../src/engine/image/image-limits';
import { ClipModel } from '../src/engine/model/clip-model';
import { DEFAULT_SESSION_TUNING } from '../src/engine/model/onnx-session';
import { ensureVitB32ClipModel } from './support/vit-b32-clip-model';
import { benchJpegs, webSized } from './bench-images';
import { OPENAI_CLIP_PREPROCESS } from '../src/engine/image/clip-preprocess-config';
import { PeakRss, quantile } from './latency-stats';

const MODEL_DIR = join(__dirname, '.models', 'clip-vit-b32-random');
const CACHE_DIR = join(__dirname, '.models', 'cache');
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '1,4,8,16').split(',').map(Number);
const SECONDS_PER_STAGE = Number(process.env.BENCH_SECONDS ?? 10);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 8);

interface SetResult {
  readonly label: string;
  readonly files: number;
  readonly averageKiB: number;
  readonly averageMegapixels: number;
  readonly prepareCpuMs: number;
  readonly perSecond: number;
  readonly decisions: number;
  readonly averageBatch: number;
  readonly p50: number;
  readonly p99: number;
}

async function main(): Promise<void> {
  const generateStarted = performance.now();
  await ensureVitB32ClipModel(MODEL_DIR);
  log(`model ready in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s (${MODEL_DIR})`);
  const photos = await benchJpegs();
  const sets = [
    { label: 'photos as shot', files: photos },
    { label: 'web-sized (<= 640 px)', files: await webSized(photos) },
  ];

  const rss = new PeakRss();
  const modelOnly = await measureModelOnly(photos.map((file) => file.bytes));
  const engine = await ModerationEngine.create({
    model: MODEL_DIR,
    policies: join(__dirname, '..', 'policies'),
    cacheDir: CACHE_DIR,
    batching: { maxBatchSize: Number(process.env.MODERATION_BATCH_SIZE ?? 8), maxWaitMs: Number(process.env.MODERATION_BATCH_WAIT_MS ?? 10) },
    logger: log,
  });
  const results: SetResult[] = [];
  try {
    for (const set of sets) results.push(await measureEndToEnd(engine, set.label, set.files));
  } finally {
    await engine.close();
  }
  const peak = rss.stop();

  const lines = [
    '',
    `model-only vision throughput: ${modelOnly.perSecond.toFixed(1)} images/s (best batch ${modelOnly.batch}; ${(2000 / modelOnly.perSecond).toFixed(1)} core-ms per image on 2 cores)`,
  ];
  for (const result of results) {
    lines.push(
      `end-to-end score(), ${result.label}: ${result.perSecond.toFixed(1)} images/s = ${((result.perSecond / modelOnly.perSecond) * 100).toFixed(1)} % of model-only (target >= 90 %)`,
      `    ${result.files} JPEGs, ${result.averageKiB.toFixed(0)} KiB and ${result.averageMegapixels.toFixed(2)} MP on average; decode + preprocess ${result.prepareCpuMs.toFixed(1)} CPU-ms per image`,
      `    ${CALLERS} callers, ${result.decisions} decisions, average batch ${result.averageBatch.toFixed(1)}, latency p50 ${result.p50.toFixed(0)} ms / p99 ${result.p99.toFixed(0)} ms`,
    );
  }
  lines.push(`peak RSS: ${peak} MiB`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** score() throughput with concurrent callers over one set of JPEGs, plus what decoding costs. */
async function measureEndToEnd(engine: ModerationEngine, label: string, files: readonly { bytes: Buffer }[]): Promise<SetResult> {
  log(`end-to-end (${label}): score() with ${CALLERS} concurrent callers, JPEG bytes in, decision out`);
  const megapixels = await Promise.all(files.map(async (file) => {
    const image = await prepareImage(file.bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    return (image.width * image.height) / 1e6;
  }));
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < 2; round++) for (const file of files) await prepareImage(file.bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
  const cpu = process.cpuUsage(cpuBefore);
  const prepareCpuMs = (cpu.user + cpu.system) / 1000 / (2 * files.length);

  for (let i = 0; i < 16; i++) await engine.score(files[i % files.length]!.bytes, 'default');
  const before = engine.stats();
  const latencies: number[] = [];
  let next = 0;
  const deadline = performance.now() + SECONDS_PER_STAGE * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < deadline) {
        const bytes = files[next++ % files.length]!.bytes;
        const t0 = performance.now();
        await engine.score(bytes, 'default');
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const perSecond = latencies.length / ((performance.now() - started) / 1000);
  const after = engine.stats();
  return {
    label,
    files: files.length,
    averageKiB: files.reduce((sum, file) => sum + file.bytes.length, 0) / files.length / 1024,
    averageMegapixels: megapixels.reduce((sum, value) => sum + value, 0) / megapixels.length,
    prepareCpuMs,
    perSecond,
    decisions: latencies.length,
    averageBatch: (after.framesEncoded - before.framesEncoded) / (after.batches - before.batches),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

/** Images per second of the vision session alone, at each batch size; returns the best. */
async function measureModelOnly(jpegs: readonly Buffer[]): Promise<{ batch: number; perSecond: number }> {
  log('model-only: vision session on preprocessed tensors');
  const model = await ClipModel.open(MODEL_DIR, { id: 'bench', dtype: 'fp32', tuning: DEFAULT_SESSION_TUNING, cacheDir: CACHE_DIR });
  try {
    const tensors = await Promise.all(jpegs.map(async (bytes) => (await prepareImage(bytes, model.preprocess, DEFAULT_IMAGE_LIMITS)).frames[0]!));
    const { height, width } = model.preprocess.cropSize;
    let best = { batch: 0, perSecond: 0 };
    for (const batch of BATCH_SIZES) {
      const inputs = Array.from({ length: batch }, (_, i) => tensors[i % tensors.length]!);
      await model.vision.encode(inputs, height, width);
      let images = 0;
      const started = performance.now();
      while (performance.now() - started < (SECONDS_PER_STAGE * 1000) / BATCH_SIZES.length) {
        await model.vision.encode(inputs, height, width);
        images += batch;
      }
      const perSecond = images / ((performance.now() - started) / 1000);
      log(`  batch ${String(batch).padStart(2)}: ${perSecond.toFixed(1)} images/s`);
      if (perSecond > best.perSecond) best = { batch, perSecond };
    }
    return best;
  } finally {
    await model.close();
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

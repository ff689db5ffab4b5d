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
import { benchJpegs } from './bench-images';
import { PeakRss, quantile } from './latency-stats';

const MODEL_DIR = join(__dirname, '.models', 'clip-vit-b32-random');
const CACHE_DIR = join(__dirname, '.models', 'cache');
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '1,4,8,16').split(',').map(Number);
const SECONDS_PER_STAGE = Number(process.env.BENCH_SECONDS ?? 12);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 8);

async function main(): Promise<void> {
  const generateStarted = performance.now();
  await ensureVitB32ClipModel(MODEL_DIR);
  log(`model ready in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s (${MODEL_DIR})`);
  const jpegs = await benchJpegs();
  log(`${jpegs.length} JPEGs, ${(jpegs.reduce((sum, file) => sum + file.bytes.length, 0) / jpegs.length / 1024).toFixed(0)} KiB on average`);

  const rss = new PeakRss();
  const bestModelOnly = await measureModelOnly(jpegs.map((file) => file.bytes));

  const engine = await ModerationEngine.create({
    model: MODEL_DIR,
    policies: join(__dirname, '..', 'policies'),
    cacheDir: CACHE_DIR,
    batching: { maxBatchSize: Number(process.env.MODERATION_BATCH_SIZE ?? 8), maxWaitMs: Number(process.env.MODERATION_BATCH_WAIT_MS ?? 10) },
    logger: log,
  });
  log(`end-to-end: score() with ${CALLERS} concurrent callers, JPEG bytes in, decision out`);
  for (let i = 0; i < 16; i++) await engine.score(jpegs[i % jpegs.length]!.bytes, 'default');
  const latencies: number[] = [];
  let next = 0;
  const deadline = performance.now() + SECONDS_PER_STAGE * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < deadline) {
        const bytes = jpegs[next++ % jpegs.length]!.bytes;
        const t0 = performance.now();
        await engine.score(bytes, 'default');
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const endToEnd = latencies.length / ((performance.now() - started) / 1000);
  await engine.close();
  const peak = rss.stop();

  const ratio = endToEnd / bestModelOnly.perSecond;
  const lines = [
    '',
    `model-only vision throughput:  ${bestModelOnly.perSecond.toFixed(1)} images/s (best batch ${bestModelOnly.batch})`,
    `end-to-end score() throughput: ${endToEnd.toFixed(1)} images/s with ${CALLERS} callers (${latencies.length} decisions)`,
    `end-to-end / model-only:       ${(ratio * 100).toFixed(1)} % (target >= 90 %)`,
    `latency p50 / p99:             ${quantile(latencies, 0.5).toFixed(0)} ms / ${quantile(latencies, 0.99).toFixed(0)} ms`,
    `peak RSS:                      ${peak} MiB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
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

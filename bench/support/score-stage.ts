/**
 * Bench stage: `score()` end to end (JPEG bytes in, decision out) with concurrent callers, in a
 * fresh process, with the event loop's delay and the process's peak memory while saturated.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_IMAGE_LIMITS } from '../../src/engine/image/image-limits';
import { OPENAI_CLIP_PREPROCESS } from '../../src/engine/image/clip-preprocess-config';
import { prepareImage } from '../../src/engine/image/prepare-image';
import { InferenceRuntime } from '../../src/engine/inference/encoder-host';
import { ModelDtype } from '../../src/engine/model/model-dtype';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { benchJpegs, webSized } from '../bench-images';
import { loopDelayMs, quantile } from '../latency-stats';
import { benchLog, finishStage, peakRssMiB, stageInput } from './child-process-json';

const LOOP_RESOLUTION_MS = 1;

interface Input {
  readonly modelDir: string;
  readonly cacheDir: string;
  readonly dtype: ModelDtype;
  readonly set: 'photos' | 'web';
  readonly callers: number;
  readonly seconds: number;
  readonly spinning: boolean;
  readonly runtime: InferenceRuntime;
  /** Vision sessions; 0 (the engine's default) picks by weights. */
  readonly sessions: number;
  readonly batchSize: number;
  /** PDQ-hash every image (the engine's default); off to measure what hashing costs. */
  readonly pdq?: boolean;
}

export interface ScoreStageResult {
  readonly perSecond: number;
  readonly decisions: number;
  readonly averageBatch: number;
  readonly p50: number;
  readonly p99: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly decodeCpuMsPerImage: number;
  /** CPU time of every thread of the process per decided image, while saturated. */
  readonly cpuMsPerImage: number;
  readonly averageKiB: number;
  readonly averageMegapixels: number;
  readonly peakRssMiB: number;
}

async function main(): Promise<void> {
  const input = stageInput<Input>();
  const photos = await benchJpegs();
  const files = (input.set === 'web' ? await webSized(photos) : photos).map((file) => file.bytes);
  const decode = await decodeCost(files, input.pdq ?? true);
  const engine = await ModerationEngine.create({
    model: input.modelDir,
    dtype: input.dtype,
    policies: join(__dirname, '..', '..', 'policies'),
    cacheDir: input.cacheDir,
    tuning: { allowSpinning: input.spinning },
    inference: { runtime: input.runtime, sessions: input.sessions },
    pdq: input.pdq ?? true,
    batching: { maxBatchSize: input.batchSize },
    logger: benchLog,
  });
  try {
    for (let i = 0; i < 2 * input.callers; i++) await engine.score(files[i % files.length]!, 'default');
    const before = engine.stats();
    const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const latencies: number[] = [];
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + input.seconds * 1000;
    delay.enable();
    await Promise.all(
      Array.from({ length: input.callers }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          await engine.score(files[next++ % files.length]!, 'default');
          latencies.push(performance.now() - t0);
        }
      }),
    );
    delay.disable();
    const cpu = process.cpuUsage(cpuBefore);
    const after = engine.stats();
    finishStage({
      perSecond: latencies.length / ((performance.now() - started) / 1000),
      decisions: latencies.length,
      averageBatch: (after.framesEncoded - before.framesEncoded) / Math.max(1, after.batches - before.batches),
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      loopDelayP99Ms: loopDelayMs(delay, LOOP_RESOLUTION_MS, 99),
      loopDelayMaxMs: delay.max / 1e6 - LOOP_RESOLUTION_MS,
      ...decode,
      cpuMsPerImage: (cpu.user + cpu.system) / 1000 / latencies.length,
      peakRssMiB: peakRssMiB(),
    } satisfies ScoreStageResult);
  } finally {
    await engine.close();
  }
}

/** CPU time (all threads) that decoding and preprocessing cost per image, one image at a time. */
async function decodeCost(files: readonly Buffer[], pdq: boolean): Promise<Pick<ScoreStageResult, 'decodeCpuMsPerImage' | 'averageKiB' | 'averageMegapixels'>> {
  const megapixels: number[] = [];
  for (const bytes of files) {
    const image = await prepareImage(bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    megapixels.push((image.width * image.height) / 1e6);
  }
  const rounds = 3;
  const before = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const bytes of files) await prepareImage(bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS, { pdq });
  const cpu = process.cpuUsage(before);
  return {
    decodeCpuMsPerImage: (cpu.user + cpu.system) / 1000 / (rounds * files.length),
    averageKiB: files.reduce((sum, bytes) => sum + bytes.length, 0) / files.length / 1024,
    averageMegapixels: megapixels.reduce((sum, value) => sum + value, 0) / megapixels.length,
  };
}

void main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

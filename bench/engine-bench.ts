/**
 * `npm run bench`: serving figures on the ViT-B/32-shaped random model, each next to its honest
 * baseline, all measured in this one run:
 *
 * 1. the baseline: bare onnxruntime-node sessions on the vision model, at the best sessions side
 *    by side, intra-op threads, spinning and batch size found (fp32, and int8 from `moderate model
 *    quantize`); that best setting is timed again right before and after each stage, and the stage
 *    is compared with the mean of the two (this machine's speed drifts over minutes);
 * 2. `score()` end to end (JPEG bytes in, decision out), photos as shot and web-sized, fp32 and
 *    int8, with the event loop's delay p99 and peak RSS, each stage in a fresh process; spinning
 *    off against the default (on); the in-thread runtime for contrast;
 * 3. the real HTTP server as `npm start` runs it (compiled, SQLite, `fresh=true`): autocannon at 16
 *    connections against `score()`; at 64 connections the liveness probe's latency and the server's
 *    event-loop delay; with the bound kept full by clients that honour Retry-After, how fast
 *    requests beyond it are refused (503 ENGINE_OVERLOADED); a retry storm of 200 connections that
 *    ignore Retry-After; the server's peak RSS.
 *
 * `score()` runs with 4 × batch size callers: with only as many callers as the running batches
 * hold, every caller waits in one and nothing is left to decode meanwhile.
 * BENCH_SECONDS (default 10) per stage, BENCH_ONLY=engine|http to run one part.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { cpus, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { quantizeModelFolder } from '../src/engine/model/quantize/quantize-model-folder';
import { benchJpegs, webSized } from './bench-images';
import { runStage, benchLog } from './support/child-process-json';
import { HttpBenchResult, runHttpBench } from './support/http-bench-stages';
import type { PlainSessionResult, PlainSetting } from './support/plain-session-stage';
import type { ScoreStageResult } from './support/score-stage';
import { ensureVitB32ClipModel } from './support/vit-b32-clip-model';

const MODEL_DIR = join(__dirname, '.models', 'clip-vit-b32-random');
const CACHE_DIR = join(__dirname, '.models', 'cache');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 3);
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '8,16').split(',').map(Number);
const BATCH = Number(process.env.MODERATION_BATCH_SIZE ?? 8);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 4 * BATCH);
const ONLY = process.env.BENCH_ONLY ?? 'all';

type Dtype = 'fp32' | 'quantized';
/** The stages the ratio targets are about. */
const TARGET_STAGES: readonly string[] = ['fp32 photos', 'fp32 web', 'int8 photos', 'int8 web'];

function visionFile(dtype: Dtype): string {
  return join(MODEL_DIR, 'onnx', dtype === 'fp32' ? 'vision_model.onnx' : 'vision_model_quantized.onnx');
}
const LABEL: Record<Dtype, string> = { fp32: 'fp32', quantized: 'int8' };

async function main(): Promise<void> {
  await ensureVitB32ClipModel(MODEL_DIR);
  if (!existsSync(join(MODEL_DIR, 'onnx', 'vision_model_quantized.onnx'))) {
    benchLog('writing the int8 variant (moderate model quantize)');
    await quantizeModelFolder(MODEL_DIR, { overwrite: true });
  }
  const lines: string[] = [''];
  const photos = await benchJpegs();
  lines.push(
    `ViT-B/32-shaped random model; ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}); ${photos.length} JPEGs as shot and the same web-sized (<= 640 px)`,
  );
  const checks: [string, boolean][] = [];

  const baseline = {} as Record<Dtype, PlainSessionResult>;
  const score = {} as Record<string, ScoreStageResult>;
  /** The sweep's best bare setting timed again right before and right after each stage. */
  const beside = {} as Record<string, [PlainSetting, PlainSetting]>;
  /** The bare figure a stage is compared with: the mean of its two beside timings. */
  const plainFor = (key: string): { perSecond: number; cpuMsPerImage: number } => {
    const [before, after] = beside[key]!;
    return { perSecond: (before.perSecond + after.perSecond) / 2, cpuMsPerImage: (before.cpuMsPerImage + after.cpuMsPerImage) / 2 };
  };
  if (ONLY !== 'http') {
    for (const dtype of ['fp32', 'quantized'] as const) {
      benchLog(`baseline: plain onnxruntime session, ${LABEL[dtype]}`);
      baseline[dtype] = await runStage<PlainSessionResult>('plain-session-stage.ts', { modelFile: visionFile(dtype), secondsPerSetting: BASELINE_SECONDS, batchSizes: BATCH_SIZES });
    }
    // sessions 0 is the engine's default (one per CPU for int8, one for fp32).
    const stages: { key: string; dtype: Dtype; set: 'photos' | 'web'; spinning: boolean; runtime: 'worker-thread' | 'in-thread'; sessions: number; pdq?: boolean }[] = [
      { key: 'fp32 photos', dtype: 'fp32', set: 'photos', spinning: true, runtime: 'worker-thread', sessions: 0 },
      { key: 'fp32 web', dtype: 'fp32', set: 'web', spinning: true, runtime: 'worker-thread', sessions: 0 },
      { key: 'int8 photos', dtype: 'quantized', set: 'photos', spinning: true, runtime: 'worker-thread', sessions: 0 },
      { key: 'int8 web', dtype: 'quantized', set: 'web', spinning: true, runtime: 'worker-thread', sessions: 0 },
      { key: 'fp32 photos, spinning off', dtype: 'fp32', set: 'photos', spinning: false, runtime: 'worker-thread', sessions: 0 },
      { key: 'int8 web, spinning off', dtype: 'quantized', set: 'web', spinning: false, runtime: 'worker-thread', sessions: 0 },
      { key: 'int8 web, one session', dtype: 'quantized', set: 'web', spinning: true, runtime: 'worker-thread', sessions: 1 },
      { key: `fp32 photos, ${availableParallelism()} sessions`, dtype: 'fp32', set: 'photos', spinning: true, runtime: 'worker-thread', sessions: availableParallelism() },
      { key: 'fp32 photos, in-thread', dtype: 'fp32', set: 'photos', spinning: true, runtime: 'in-thread', sessions: 0 },
      // What PDQ hashing (on by default, for hash banks) costs: the same stages without it.
      { key: 'fp32 photos, PDQ off', dtype: 'fp32', set: 'photos', spinning: true, runtime: 'worker-thread', sessions: 0, pdq: false },
      { key: 'int8 photos, PDQ off', dtype: 'quantized', set: 'photos', spinning: true, runtime: 'worker-thread', sessions: 0, pdq: false },
      { key: 'int8 web, PDQ off', dtype: 'quantized', set: 'web', spinning: true, runtime: 'worker-thread', sessions: 0, pdq: false },
    ];
    // This machine's speed drifts by more than 10 % over minutes, so every stage is compared with
    // the sweep's best setting timed again right before and right after it (the timing after one
    // stage is the timing before the next when both use the same weights).
    const timeBest = async (dtype: Dtype): Promise<PlainSetting> => {
      const { sessions, threads, spinning, batch } = baseline[dtype].best;
      benchLog(`  plain ${LABEL[dtype]} beside the stages`);
      const result = await runStage<PlainSessionResult>('plain-session-stage.ts', { modelFile: visionFile(dtype), secondsPerSetting: BASELINE_SECONDS, batchSizes: [batch], only: { sessions, threads, spinning, batch } });
      return result.best;
    };
    let latest: { dtype: Dtype; timing: PlainSetting } | undefined;
    for (const stage of stages) {
      const before = latest?.dtype === stage.dtype ? latest.timing : await timeBest(stage.dtype);
      benchLog(`score() end to end: ${stage.key}`);
      score[stage.key] = await runStage<ScoreStageResult>('score-stage.ts', {
        modelDir: MODEL_DIR, cacheDir: CACHE_DIR, dtype: stage.dtype, set: stage.set, callers: CALLERS, seconds: SECONDS,
        spinning: stage.spinning, runtime: stage.runtime, sessions: stage.sessions, batchSize: BATCH, pdq: stage.pdq,
      });
      latest = { dtype: stage.dtype, timing: await timeBest(stage.dtype) };
      beside[stage.key] = [before, latest.timing];
    }
    lines.push('', 'Baseline: bare onnxruntime-node sessions on the vision model, best of sessions side by side x intra-op threads x spinning x batch size');
    for (const dtype of ['fp32', 'quantized'] as const) {
      const best = baseline[dtype].best;
      const oneSession = baseline[dtype].all.filter((setting) => setting.sessions === 1).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      lines.push(`    ${LABEL[dtype]}: ${best.perSecond.toFixed(1)} images/s (${best.sessions} session(s) x threads ${best.threads || '0 = onnxruntime default'}, spinning ${best.spinning ? 'on' : 'off'}, batch ${best.batch}; peak RSS ${baseline[dtype].peakRssMiB} MiB); best single session ${oneSession.perSecond.toFixed(1)} images/s`);
    }
    lines.push('', `score() end to end, ${CALLERS} callers, batch ${BATCH} (each stage in a fresh process; "plain beside": the best bare setting timed right before / after the stage, the stage's baseline)`);
    lines.push(row(['stage', 'images/s', 'of plain session', 'plain beside', 'decode CPU-ms/img', 'CPU-ms/img', 'p50 / p99 ms', 'avg batch', 'loop delay p99 / max', 'peak RSS']));
    for (const [key, result] of Object.entries(score)) {
      const [before, after] = beside[key]!;
      lines.push(row([
        key,
        result.perSecond.toFixed(1),
        pct(result.perSecond / plainFor(key).perSecond),
        `${before.perSecond.toFixed(1)} / ${after.perSecond.toFixed(1)}`,
        `${result.decodeCpuMsPerImage.toFixed(1)} (${result.averageMegapixels.toFixed(2)} MP)`,
        result.cpuMsPerImage.toFixed(1),
        `${result.p50.toFixed(0)} / ${result.p99.toFixed(0)}`,
        result.averageBatch.toFixed(1),
        `${result.loopDelayP99Ms.toFixed(1)} / ${result.loopDelayMaxMs.toFixed(0)} ms`,
        `${result.peakRssMiB} MiB`,
      ]));
    }
    lines.push('', 'CPU per image: what the cores have to do, and the end-to-end share it allows if decoding and inference shared them perfectly');
    for (const key of TARGET_STAGES) {
      const inference = plainFor(key).cpuMsPerImage;
      const decode = score[key]!.decodeCpuMsPerImage;
      lines.push(`    ${key.padEnd(12)} inference ${inference.toFixed(1)} + decode ${decode.toFixed(1)} CPU-ms -> ceiling ${pct(inference / (inference + decode))}; measured end to end ${score[key]!.cpuMsPerImage.toFixed(1)} CPU-ms per image`);
    }
    const ratio = (key: string): number => score[key]!.perSecond / plainFor(key).perSecond;
    checks.push(
      [`fp32 photos >= 85 % of the plain session (${pct(ratio('fp32 photos'))})`, ratio('fp32 photos') >= 0.85],
      [`fp32 web-sized >= 92 % of the plain session (${pct(ratio('fp32 web'))})`, ratio('fp32 web') >= 0.92],
      [`int8 photos >= 80 % of the plain int8 session (${pct(ratio('int8 photos'))})`, ratio('int8 photos') >= 0.8],
      [`int8 web-sized >= 80 % of the plain int8 session (${pct(ratio('int8 web'))})`, ratio('int8 web') >= 0.8],
      [`int8 >= 2x fp32 end to end (photos ${(score['int8 photos']!.perSecond / score['fp32 photos']!.perSecond).toFixed(2)}x, web ${(score['int8 web']!.perSecond / score['fp32 web']!.perSecond).toFixed(2)}x)`,
        score['int8 photos']!.perSecond >= 2 * score['fp32 photos']!.perSecond && score['int8 web']!.perSecond >= 2 * score['fp32 web']!.perSecond],
      [`score() event-loop delay p99 <= 20 ms while saturated (fp32 photos ${score['fp32 photos']!.loopDelayP99Ms.toFixed(1)} ms)`, score['fp32 photos']!.loopDelayP99Ms <= 20],
    );
  }

  if (ONLY !== 'engine') {
    const http: HttpBenchResult = await runHttpBench({ modelDir: MODEL_DIR, cacheDir: CACHE_DIR, seconds: SECONDS, photos, web: await webSized(photos) });
    lines.push('', 'HTTP: the real server in its own process (SQLite, POST /v1/moderations?fresh=true, raw JPEG body, fp32)');
    lines.push(row(['load', 'requests/s', 'of score()', 'p50 / p99 ms', 'non-2xx', '/health/live p50 / p99', 'server loop delay p99']));
    for (const phase of http.phases) {
      const reference = score[phase.set === 'photos' ? 'fp32 photos' : 'fp32 web'];
      lines.push(row([
        phase.label,
        phase.requestsPerSecond.toFixed(1),
        reference ? pct(phase.requestsPerSecond / reference.perSecond) : 'n/a',
        `${phase.p50.toFixed(0)} / ${phase.p99.toFixed(0)}`,
        String(phase.non2xx),
        phase.health ? `${phase.health.p50.toFixed(1)} / ${phase.health.p99.toFixed(1)} ms` : '',
        phase.loopDelayP99Ms === undefined ? '' : `${phase.loopDelayP99Ms.toFixed(1)} ms`,
      ]));
    }
    const { beyondBound, storm } = http;
    lines.push(
      `    beyond the bound (MODERATION_MAX_QUEUE=${http.maxQueue}, full): ${beyondBound.refused} of ${beyondBound.probes} probe requests refused with 503 ENGINE_OVERLOADED in p50 ${beyondBound.refusedP50.toFixed(1)} / p99 ${beyondBound.refusedP99.toFixed(1)} ms (${beyondBound.admitted} admitted); the ${beyondBound.filling.connections} clients filling it (honouring Retry-After) got ${beyondBound.filling.answeredPerSecond.toFixed(1)} answers/s and ${beyondBound.filling.refused} refusals`,
      `    retry storm, ${storm.connections} connections resending at once (ignoring Retry-After): ${storm.answeredPerSecond.toFixed(1)} answered/s, ${storm.refusedPerSecond.toFixed(0)} refused/s in p50 ${storm.refusedP50.toFixed(1)} / p99 ${storm.refusedP99.toFixed(1)} ms, /health/live p99 ${storm.health.p99.toFixed(1)} ms`,
      `    server peak RSS (fp32): ${http.serverPeakRssMiB} MiB`,
    );
    const saturated = http.phases.find((phase) => phase.health !== undefined)!;
    for (const phase of http.phases.filter((entry) => entry.label.includes('16 connections'))) {
      const reference = score[phase.set === 'photos' ? 'fp32 photos' : 'fp32 web'];
      if (reference) checks.push([`HTTP ${phase.set} >= 90 % of score() (${pct(phase.requestsPerSecond / reference.perSecond)})`, phase.requestsPerSecond >= 0.9 * reference.perSecond]);
    }
    checks.push(
      [`${saturated.label}: /health/live p99 <= 50 ms (${saturated.health!.p99.toFixed(1)} ms)`, saturated.health!.p99 <= 50],
      [`${saturated.label}: server event-loop delay p99 <= 20 ms (${saturated.loopDelayP99Ms!.toFixed(1)} ms)`, saturated.loopDelayP99Ms! <= 20],
      [`requests beyond the bound refused within 50 ms (p99 ${beyondBound.refusedP99.toFixed(1)} ms over ${beyondBound.refused})`, beyondBound.refused > 0 && beyondBound.refusedP99 <= 50],
      [`server peak RSS with fp32 <= 1.2 GB (${http.serverPeakRssMiB} MiB)`, http.serverPeakRssMiB * 1.048576 <= 1200],
    );
  }

  lines.push('', 'Targets:', ...checks.map(([label, met]) => `    ${met ? 'met    ' : 'MISSED '} ${label}`), '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

function row(cells: readonly string[]): string {
  return `    ${cells.map((cell, index) => cell.padEnd(index === 0 ? 34 : 18)).join(' ')}`.trimEnd();
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

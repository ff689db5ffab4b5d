/**
 * Bench stage: the baseline. Bare onnxruntime-node sessions on one vision model file, with nothing
 * of ours in the way: every combination of sessions (one, or one per CPU side by side in worker
 * threads, each with the CPUs shared out), intra-op threads, spinning and batch size is timed on
 * random pixels, and the best is the figure everything else is compared with.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { benchLog, finishStage, peakRssMiB, stageInput } from './child-process-json';

interface Input {
  readonly modelFile: string;
  readonly secondsPerSetting: number;
  readonly batchSizes: readonly number[];
  /** Time only this setting (a best one found earlier), instead of sweeping every combination. */
  readonly only?: Pick<PlainSetting, 'sessions' | 'threads' | 'spinning' | 'batch'>;
}

export interface PlainSetting {
  /** Sessions running side by side, each in its own thread. */
  readonly sessions: number;
  /** Intra-op threads of each session. */
  readonly threads: number;
  readonly spinning: boolean;
  readonly batch: number;
  readonly perSecond: number;
  /** CPU time of every thread of the process per image. */
  readonly cpuMsPerImage: number;
}

export interface PlainSessionResult {
  readonly best: PlainSetting;
  readonly all: readonly PlainSetting[];
  readonly peakRssMiB: number;
}

/**
 * One bare session in a worker thread: opened, warmed up, then run on one batch of random pixels
 * until the main thread's deadline; posts the images it ran. Plain JavaScript, so no loader is
 * needed inside the worker, and the same code serves one session or several.
 */
const SESSION_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { InferenceSession, Tensor } = require(workerData.ortPath);
(async () => {
  const { modelFile, threads, spinning, batch } = workerData;
  const session = await InferenceSession.create(modelFile, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: { session: { 'intra_op.allow_spinning': spinning ? '1' : '0' } },
  });
  const pixels = new Float32Array(batch * 3 * 224 * 224).map(() => Math.random() * 2 - 1);
  const feeds = { [session.inputNames[0]]: new Tensor('float32', pixels, [batch, 3, 224, 224]) };
  await session.run(feeds);
  parentPort.postMessage({ ready: true });
  const start = await new Promise((resolve) => parentPort.once('message', resolve));
  let images = 0;
  while (Date.now() < start.until) {
    await session.run(feeds);
    images += batch;
  }
  await session.release();
  parentPort.postMessage({ images });
})();
`;

interface SettingRun {
  readonly modelFile: string;
  readonly sessions: number;
  readonly threads: number;
  readonly spinning: boolean;
  readonly batch: number;
  readonly seconds: number;
}

/** Runs `sessions` bare sessions side by side for `seconds`, starting them together once all are warm. */
async function timeSetting(run: SettingRun): Promise<PlainSetting> {
  const ortPath = require.resolve('onnxruntime-node');
  const workers = Array.from({ length: run.sessions }, () =>
    new Worker(SESSION_WORKER, { eval: true, workerData: { ortPath, modelFile: run.modelFile, threads: run.threads, spinning: run.spinning, batch: run.batch } }),
  );
  const next = (worker: Worker): Promise<{ ready?: boolean; images?: number }> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(workers.map(next));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const finished = workers.map(next);
  for (const worker of workers) worker.postMessage({ until: Date.now() + run.seconds * 1000 });
  const images = (await Promise.all(finished)).reduce((sum, reply) => sum + (reply.images ?? 0), 0);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(workers.map((worker) => worker.terminate()));
  return {
    sessions: run.sessions,
    threads: run.threads,
    spinning: run.spinning,
    batch: run.batch,
    perSecond: images / elapsedSeconds,
    cpuMsPerImage: (cpu.user + cpu.system) / 1000 / images,
  };
}

async function main(): Promise<void> {
  const { modelFile, secondsPerSetting, batchSizes, only } = stageInput<Input>();
  if (only) {
    const setting = await timeSetting({ modelFile, ...only, seconds: secondsPerSetting });
    finishStage({ best: setting, all: [setting], peakRssMiB: peakRssMiB() } satisfies PlainSessionResult);
    return;
  }
  const cores = availableParallelism();
  // One session on every CPU (0 is onnxruntime's own default, physical cores), one on one CPU
  // fewer, and one single-threaded session per CPU.
  const layouts = [...new Map([
    [`1x${cores}`, { sessions: 1, threads: cores }],
    ['1x0', { sessions: 1, threads: 0 }],
    [`1x${Math.max(1, cores - 1)}`, { sessions: 1, threads: Math.max(1, cores - 1) }],
    [`${cores}x1`, { sessions: cores, threads: 1 }],
  ]).values()];
  const all: PlainSetting[] = [];
  for (const { sessions, threads } of layouts) {
    for (const spinning of [false, true]) {
      for (const batch of batchSizes) {
        const setting = await timeSetting({ modelFile, sessions, threads, spinning, batch, seconds: secondsPerSetting });
        all.push(setting);
        benchLog(`  plain: ${sessions} session(s) x threads ${threads || '0 (onnxruntime default)'}, spinning ${spinning ? 'on' : 'off'}, batch ${batch}: ${setting.perSecond.toFixed(1)} images/s`);
      }
    }
  }
  const best = all.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  finishStage({ best, all, peakRssMiB: peakRssMiB() } satisfies PlainSessionResult);
}

void main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

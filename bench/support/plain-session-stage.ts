/**
 * Bench stage: the baseline. A bare onnxruntime-node session on one vision model file, with
 * nothing of ours in the way: every combination of intra-op threads, spinning and batch size is
 * timed on random pixels, and the best is the figure everything else is compared with.
 */
import { availableParallelism } from 'node:os';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { benchLog, finishStage, peakRssMiB, stageInput } from './child-process-json';

interface Input {
  readonly modelFile: string;
  readonly secondsPerSetting: number;
  readonly batchSizes: readonly number[];
}

export interface PlainSetting {
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

async function main(): Promise<void> {
  const { modelFile, secondsPerSetting, batchSizes } = stageInput<Input>();
  const cores = availableParallelism();
  // 0 is onnxruntime's own default (physical cores); the rest are explicit counts.
  const threadCounts = [...new Set([cores, 0, Math.max(1, cores - 1)])];
  const all: PlainSetting[] = [];
  for (const threads of threadCounts) {
    for (const spinning of [false, true]) {
      const session = await InferenceSession.create(modelFile, {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        extra: { session: { 'intra_op.allow_spinning': spinning ? '1' : '0' } },
      });
      const input = session.inputNames[0]!;
      for (const batch of batchSizes) {
        const pixels = new Float32Array(batch * 3 * 224 * 224).map(() => Math.random() * 2 - 1);
        const feeds = { [input]: new Tensor('float32', pixels, [batch, 3, 224, 224]) };
        await session.run(feeds);
        let images = 0;
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        while (performance.now() - started < secondsPerSetting * 1000) {
          await session.run(feeds);
          images += batch;
        }
        const perSecond = images / ((performance.now() - started) / 1000);
        const cpu = process.cpuUsage(cpuBefore);
        all.push({ threads, spinning, batch, perSecond, cpuMsPerImage: (cpu.user + cpu.system) / 1000 / images });
        benchLog(`  plain session: threads ${threads || '0 (onnxruntime default)'}, spinning ${spinning ? 'on' : 'off'}, batch ${batch}: ${perSecond.toFixed(1)} images/s`);
      }
      await session.release();
    }
  }
  const best = all.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  finishStage({ best, all, peakRssMiB: peakRssMiB() } satisfies PlainSessionResult);
}

void main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

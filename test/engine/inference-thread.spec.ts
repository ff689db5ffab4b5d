import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import { InferenceThread } from '../../src/engine/inference/inference-thread';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { resolveEngineSettings } from '../../src/engine/engine-settings';
import { DEFAULT_SESSION_TUNING } from '../../src/engine/model/onnx-session';
import { ModerationDecision } from '../../src/engine/scoring/moderation-decision';
import { BLUE, GREEN, RED, animatedGif, solidImage } from '../support/colour-images';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { eventually } from '../support/eventually';
import { tempDir } from '../support/temp-dir';
import { ensureVitB32ModelFolder } from '../support/vit-b32-model-folder';

const root = tempDir('inference-thread');
const modelDir = join(root, 'model');
const policiesDir = join(root, 'policies');
const cacheDir = join(root, 'cache');
const quiet = (): void => undefined;

beforeAll(async () => {
  await writeTinyClipModel(modelDir, { layout: 'huggingface' });
  mkdirSync(policiesDir);
  writeFileSync(join(policiesDir, 'colours.yaml'), COLOUR_POLICY_YAML);
});

/** Threads of this process, from the kernel's own list (Linux). */
const threadCount = (): number => readdirSync('/proc/self/task').length;

describe('sessions in the inference thread', () => {
  it('decides exactly as the sessions run in the calling thread do', async () => {
    const images = [
      await solidImage(RED, 'jpeg'),
      await solidImage(BLUE, 'png'),
      await solidImage(GREEN, 'webp'),
      await solidImage([128, 128, 128], 'png', 300),
      await animatedGif([BLUE, RED, GREEN]),
    ];
    const decide = async (runtime: 'worker-thread' | 'in-thread'): Promise<ModerationDecision[]> => {
      const engine = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, inference: { runtime }, logger: quiet });
      try {
        return await Promise.all(images.map((image) => engine.score(image, 'colours')));
      } finally {
        await engine.close();
      }
    };
    const inThread = await decide('in-thread');
    const offThread = await decide('worker-thread');
    expect(offThread.map((decision) => decision.action)).toEqual(['block', 'review', 'block', 'allow', 'block']);
    offThread.forEach((decision, index) => {
      const reference = inThread[index]!;
      expect(decision.action).toBe(reference.action);
      expect(decision.triggered).toEqual(reference.triggered);
      expect(decision.categories).toEqual(reference.categories);
      expect(decision.frameEmbeddings).toEqual(reference.frameEmbeddings);
    });
  });

  it('replaces a thread that dies, failing the requests it held with INFERENCE_FAILED', async () => {
    const logs: string[] = [];
    const thread = new InferenceThread({ tuning: DEFAULT_SESSION_TUNING, nice: 0 }, (message) => logs.push(message));
    try {
      const { fixedSize } = await thread.open('vision', join(modelDir, 'onnx', 'vision_model.onnx'));
      const size = fixedSize!;
      const pixels = (): Float32Array => new Float32Array(3 * size * size).fill(0.5);
      // A request the thread does not understand kills it; the batch sent right after is lost with it.
      (thread as unknown as { worker: Worker }).worker.postMessage({ id: -1, kind: 'no-such-request' });
      await expect(thread.encodeImages(pixels(), 1, size, size)).rejects.toMatchObject({ code: ModerationErrorCode.InferenceFailed });
      expect(thread.restarts).toBe(1);
      expect(logs.join('\n')).toMatch(/exited with code 1; 1 request\(s\) failed; starting a new one/);
      // The replacement reopened the vision session by itself.
      const embeddings = await thread.encodeImages(pixels(), 1, size, size);
      expect(embeddings.rows).toBe(1);
      expect(Math.hypot(...embeddings.data)).toBeCloseTo(1, 5);
    } finally {
      await thread.close();
    }
  });

  it('ends every thread it started on close()', async () => {
    // A first engine starts the libuv and libvips threads that outlive any one engine.
    const warm = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, logger: quiet });
    await warm.score(await solidImage(RED), 'colours');
    await warm.close();
    const before = threadCount();
    const engine = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, tuning: { intraOpThreads: 2 }, logger: quiet });
    await engine.score(await solidImage(RED), 'colours');
    // The inference thread and onnxruntime's own pool thread.
    expect(threadCount()).toBeGreaterThanOrEqual(before + 2);
    await engine.close();
    await eventually(() => threadCount() <= before);
    await expect(engine.score(await solidImage(RED), 'colours')).rejects.toMatchObject({ code: ModerationErrorCode.EngineClosed });
  });
});

describe('several vision sessions side by side', () => {
  it('decides exactly as one session does, in one inference thread per session, and ends them all on close()', async () => {
    const images = [await solidImage(RED, 'jpeg'), await solidImage(BLUE, 'png'), await solidImage(GREEN, 'webp'), await solidImage([128, 128, 128], 'png', 300)];
    const warm = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, logger: quiet });
    const single = await Promise.all(images.map((image) => warm.score(image, 'colours')));
    expect(warm.stats().visionSessions).toBe(1);
    await warm.close();

    const before = threadCount();
    const engine = await ModerationEngine.create({
      model: modelDir, policies: policiesDir, cacheDir, logger: quiet,
      inference: { sessions: 3 }, batching: { maxBatchSize: 1, maxWaitMs: 0 },
    });
    try {
      // Three inference threads, single-threaded sessions (the one CPU share each gets here or more).
      expect(threadCount()).toBeGreaterThanOrEqual(before + 3);
      const many = await Promise.all([...images, ...images].map((image) => engine.score(image, 'colours')));
      expect(engine.stats()).toMatchObject({ visionSessions: 3, batches: 8, framesEncoded: 8 });
      many.forEach((decision, index) => {
        const reference = single[index % images.length]!;
        expect(decision.action).toBe(reference.action);
        expect(decision.categories).toEqual(reference.categories);
        expect(decision.frameEmbeddings).toEqual(reference.frameEmbeddings);
      });
      expect(many.map((decision) => decision.action).slice(0, 4)).toEqual(['block', 'review', 'block', 'allow']);
    } finally {
      await engine.close();
    }
    await eventually(() => threadCount() <= before);
  });

  it('picks one session per CPU for quantized weights and one for fp32, and refuses several in-thread', () => {
    const base = { model: modelDir, policies: policiesDir };
    expect(resolveEngineSettings({ ...base, dtype: 'quantized' }).inference.sessions).toBe(availableParallelism());
    expect(resolveEngineSettings({ ...base, dtype: 'quantized' }).tuning.intraOpThreads).toBe(1);
    expect(resolveEngineSettings({ ...base, dtype: 'quantized' }).batching.maxBatchesInFlight).toBe(availableParallelism() + 1);
    expect(resolveEngineSettings({ ...base, dtype: 'fp32' }).inference.sessions).toBe(1);
    expect(resolveEngineSettings({ ...base, dtype: 'fp32' }).tuning.intraOpThreads).toBe(availableParallelism());
    expect(resolveEngineSettings({ ...base, dtype: 'fp32', inference: { sessions: 2 }, tuning: { intraOpThreads: 3 } })).toMatchObject({
      inference: { sessions: 2 }, tuning: { intraOpThreads: 3 }, batching: { maxBatchesInFlight: 3 },
    });
    expect(resolveEngineSettings({ ...base, dtype: 'quantized', inference: { runtime: 'in-thread' } }).inference.sessions).toBe(1);
    expect(() => resolveEngineSettings({ ...base, inference: { runtime: 'in-thread', sessions: 2 } })).toThrow(
      expect.objectContaining({ code: ModerationErrorCode.ConfigInvalid, details: { problems: [expect.objectContaining({ key: 'inference.sessions' })] } }),
    );
  });
});

describe('admission control and cancellation', () => {
  it('refuses images beyond maxQueuedImages with ENGINE_OVERLOADED and a retry time', async () => {
    // A long batch wait keeps the admitted images inside the engine while the others arrive.
    const engine = await ModerationEngine.create({
      model: modelDir, policies: policiesDir, cacheDir, logger: quiet,
      batching: { maxBatchSize: 8, maxWaitMs: 300 },
      admission: { maxQueuedImages: 2 },
    });
    try {
      const image = await solidImage(RED);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => engine.score(image, 'colours')));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
      const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason);
      expect(refused).toHaveLength(3);
      for (const error of refused) {
        expect(error).toMatchObject({ code: ModerationErrorCode.EngineOverloaded, details: { queuedImages: 2, maxQueuedImages: 2 } });
        expect(error.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      }
      expect(engine.stats()).toMatchObject({ refusedImages: 3, queuedImages: 0 });
      expect(() => engine.assertAdmits()).not.toThrow();
    } finally {
      await engine.close();
    }
  });

  it('refuses an image that would wait longer than maxQueueMs, from the measured time per image', async () => {
    const engine = await ModerationEngine.create({
      model: modelDir, policies: policiesDir, cacheDir, logger: quiet,
      batching: { maxBatchSize: 8, maxWaitMs: 200 },
      admission: { maxQueueMs: 0 },
    });
    try {
      const image = await solidImage(BLUE);
      await engine.score(image, 'colours');
      expect(engine.stats().inferenceMsPerImage).toBeGreaterThan(0);
      const first = engine.score(image, 'colours');
      await expect(engine.score(image, 'colours')).rejects.toMatchObject({
        code: ModerationErrorCode.EngineOverloaded,
        details: { queuedImages: 1, maxQueueMs: 0 },
      });
      expect(() => engine.assertAdmits()).toThrow(expect.objectContaining({ code: ModerationErrorCode.EngineOverloaded }));
      await expect(first).resolves.toMatchObject({ action: 'review' });
    } finally {
      await engine.close();
    }
  });

  it('drops an aborted image before inference and rejects with REQUEST_ABORTED', async () => {
    const engine = await ModerationEngine.create({
      model: modelDir, policies: policiesDir, cacheDir, logger: quiet,
      batching: { maxBatchSize: 8, maxWaitMs: 5000 },
    });
    try {
      const image = await solidImage(GREEN);
      const controller = new AbortController();
      const started = performance.now();
      const scoring = engine.score(image, 'colours', { signal: controller.signal });
      // Decoded and waiting for company in the batch.
      await eventually(() => engine.stats().pendingFrames === 1);
      controller.abort();
      await expect(scoring).rejects.toMatchObject({ code: ModerationErrorCode.RequestAborted });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(engine.stats()).toMatchObject({ framesEncoded: 0, batches: 0, pendingFrames: 0, abortedImages: 1, queuedImages: 0, decisions: 0 });

      const alreadyAborted = AbortSignal.abort();
      await expect(engine.score(image, 'colours', { signal: alreadyAborted })).rejects.toMatchObject({ code: ModerationErrorCode.RequestAborted });
      expect(engine.stats().framesEncoded).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('never returns a decision for a call aborted while its batch ran', async () => {
    const engine = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, logger: quiet, batching: { maxBatchSize: 1, maxWaitMs: 0 } });
    try {
      const controller = new AbortController();
      const scoring = engine.score(await solidImage(RED), 'colours', { signal: controller.signal });
      // Polled every turn of the event loop, not on a timer: the tiny model's batch runs for a few
      // milliseconds on the inference thread, and the abort must land while it runs.
      const givingUp = Date.now() + 5000;
      while (engine.stats().batches === 0 && Date.now() < givingUp) await new Promise((resolve) => setImmediate(resolve));
      expect(engine.stats().batches).toBe(1);
      controller.abort();
      await expect(scoring).rejects.toMatchObject({ code: ModerationErrorCode.RequestAborted });
      expect(engine.stats().decisions).toBe(0);
    } finally {
      await engine.close();
    }
  });
});

describe('the event loop while a ViT-B/32-sized batch runs', () => {
  const vitDir = join(__dirname, '..', '.tmp', 'models', 'clip-vit-b32-random');
  const vitPolicies = join(root, 'vit-policies');

  beforeAll(async () => {
    await ensureVitB32ModelFolder(vitDir);
    mkdirSync(vitPolicies);
    writeFileSync(
      join(vitPolicies, 'small.yaml'),
      'id: small\ndescription: one prompt\ncategories:\n  - id: thing\n    description: things\n    prompts: ["a photo of a thing"]\n    scoring: cosine\n    thresholds: { review: 0.5, block: 0.9 }\n',
    );
  }, 120_000);

  /** Largest gap between ticks of a 5 ms timer while eight images are scored in one batch. */
  async function largestTimerGap(runtime: 'worker-thread' | 'in-thread'): Promise<{ gapMs: number; runMs: number }> {
    const engine = await ModerationEngine.create({
      model: vitDir, policies: vitPolicies, cacheDir: join(root, 'vit-cache'), logger: quiet,
      inference: { runtime }, batching: { maxBatchSize: 8, maxWaitMs: 50 },
    });
    try {
      const images = await Promise.all([RED, GREEN, BLUE, RED, GREEN, BLUE, RED, GREEN].map((colour) => solidImage(colour, 'jpeg', 256)));
      await Promise.all(images.map((image) => engine.score(image, 'small')));
      let last = performance.now();
      let gapMs = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        gapMs = Math.max(gapMs, now - last);
        last = now;
      }, 5);
      const decisions = await Promise.all(images.map((image) => engine.score(image, 'small')));
      clearInterval(timer);
      // A run that blocked this thread ends in the same turn as the scoring, before the timer could tick again.
      gapMs = Math.max(gapMs, performance.now() - last);
      return { gapMs, runMs: decisions[0]!.timings.inferenceMs };
    } finally {
      await engine.close();
    }
  }

  it('keeps a main-thread timer firing, where running in the calling thread stalls it for the whole batch', async () => {
    const offThread = await largestTimerGap('worker-thread');
    const inThread = await largestTimerGap('in-thread');
    expect(inThread.gapMs).toBeGreaterThan(Math.min(150, inThread.runMs * 0.8));
    expect(offThread.runMs).toBeGreaterThan(100);
    expect(offThread.gapMs).toBeLessThan(Math.max(60, offThread.runMs / 3));
  }, 120_000);
});

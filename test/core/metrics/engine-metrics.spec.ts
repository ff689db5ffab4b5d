import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { registerEngineMetrics } from '../../../src/core/metrics/engine-metrics';
import { ModerationEngine } from '../../../src/engine/moderation-engine';
import { BLUE, GREEN, RED, animatedGif, solidImage } from '../../support/colour-images';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { writeTinyClipModel } from '../../support/onnx/tiny-clip-model';
import { ScrapedMetrics } from '../../support/prometheus-metrics';
import { tempDir } from '../../support/temp-dir';

const root = tempDir('engine-metrics');
const modelDir = join(root, 'model');
const policiesDir = join(root, 'policies');
const quiet = (): void => undefined;

beforeAll(async () => {
  await writeTinyClipModel(modelDir, { layout: 'huggingface' });
  mkdirSync(policiesDir);
  writeFileSync(join(policiesDir, 'colours.yaml'), COLOUR_POLICY_YAML);
});

describe('the engine families, fed by the engine observer', () => {
  it('counts scored images, refusals, decodes and batches as they happen, even beside an observer that throws', async () => {
    // A long batch wait keeps the admitted images inside the engine while the others arrive.
    const engine = await ModerationEngine.create({
      model: modelDir, policies: policiesDir, cacheDir: join(root, 'cache'), logger: quiet,
      batching: { maxBatchSize: 8, maxWaitMs: 300 },
      admission: { maxQueuedImages: 2 },
    });
    const registry = new Registry();
    try {
      registerEngineMetrics(registry, engine);
      engine.observe({ imageScored: () => { throw new Error('a faulty observer'); } });
      const image = await solidImage(RED);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => engine.score(image, 'colours')));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
      // A refusal before reading an upload counts too.
      const blocker = engine.score(await animatedGif([BLUE, RED, GREEN]), 'colours');
      const other = engine.score(image, 'colours');
      expect(() => engine.assertAdmits()).toThrow(expect.objectContaining({ code: 'ENGINE_OVERLOADED' }));
      await Promise.all([blocker, other]);

      const scraped = new ScrapedMetrics(await registry.metrics());
      expect(scraped.value('moderation_engine_overload_refusals_total')).toBe(4);
      expect(scraped.value('moderation_engine_overload_refusals_total')).toBe(engine.stats().refusedImages);
      expect(scraped.value('moderation_engine_images_scored_total')).toBe(4);
      expect(scraped.count('moderation_engine_decode_duration_seconds')).toBe(4);
      // Frames: one per still image, three for the animation.
      const batches = engine.stats().batches;
      expect(scraped.count('moderation_engine_batch_size')).toBe(batches);
      expect(scraped.count('moderation_engine_inference_duration_seconds')).toBe(batches);
      expect(scraped.text).toContain(`moderation_engine_batch_size_sum ${engine.stats().framesEncoded}\n`);
      expect(engine.stats().framesEncoded).toBe(6);
      expect(scraped.value('moderation_engine_queue_depth')).toBe(0);
      expect(scraped.value('moderation_engine_pending_frames')).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('stops counting once the observer is removed', async () => {
    const engine = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir: join(root, 'cache'), logger: quiet });
    const registry = new Registry();
    try {
      const stop = registerEngineMetrics(registry, engine);
      const image = await solidImage(RED);
      await engine.score(image, 'colours');
      stop();
      await engine.score(image, 'colours');
      const scraped = new ScrapedMetrics(await registry.metrics());
      expect(scraped.value('moderation_engine_images_scored_total')).toBe(1);
      expect(engine.stats().decisions).toBe(2);
    } finally {
      await engine.close();
    }
  });
});

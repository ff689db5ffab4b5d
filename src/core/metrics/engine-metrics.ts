import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ModerationEngine } from '../../engine/moderation-engine';

/** Decode and preprocessing of one image, in seconds: 1 ms to 2.5 s. */
const DECODE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** One vision-encoder batch, in seconds: 5 ms (a tiny model) to 10 s (a large batch on few cores). */
const INFERENCE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Frames per batch, up to the largest MODERATION_BATCH_SIZE allowed. */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * The engine's families: queue depth and inference-thread restarts are read from its stats at
 * scrape time; decodes, batches, scored images and refusals are counted as they happen, through
 * the engine's observer. Returns the function that stops observing.
 */
export function registerEngineMetrics(registry: Registry, engine: ModerationEngine): () => void {
  const registers = [registry];
  new Gauge({
    name: 'moderation_engine_queue_depth',
    help: 'Images admitted by the engine and not yet decided: waiting to be decoded, decoding, waiting for a batch, or in one.',
    registers,
    collect() {
      this.set(engine.stats().queuedImages);
    },
  });
  new Gauge({
    name: 'moderation_engine_pending_frames',
    help: 'Decoded frames waiting for a vision-encoder batch.',
    registers,
    collect() {
      this.set(engine.stats().pendingFrames);
    },
  });
  new Counter({
    name: 'moderation_engine_inference_restarts_total',
    help: 'Times the inference thread died and was replaced.',
    registers,
    collect() {
      this.reset();
      this.inc(engine.stats().inferenceRestarts);
    },
  });
  const batchSize = new Histogram({ name: 'moderation_engine_batch_size', help: 'Frames per vision-encoder batch (one per still image).', buckets: BATCH_SIZE_BUCKETS, registers });
  const decode = new Histogram({ name: 'moderation_engine_decode_duration_seconds', help: 'Time to decode and preprocess one image (not counting the wait for a decode slot).', buckets: DECODE_BUCKETS, registers });
  const inference = new Histogram({ name: 'moderation_engine_inference_duration_seconds', help: 'Time the vision encoder took for one batch.', buckets: INFERENCE_BUCKETS, registers });
  const scored = new Counter({ name: 'moderation_engine_images_scored_total', help: 'Images the engine scored and decided (rate() gives images per second).', registers });
  const refused = new Counter({ name: 'moderation_engine_overload_refusals_total', help: 'Images refused with ENGINE_OVERLOADED (503) because the engine was at capacity.', registers });
  return engine.observe({
    imageDecoded: (durationMs) => decode.observe(durationMs / 1000),
    batchEncoded: (frames, durationMs) => {
      batchSize.observe(frames);
      inference.observe(durationMs / 1000);
    },
    imageScored: () => scored.inc(),
    imageRefused: () => refused.inc(),
  });
}

/**
 * `npm run bench:pdq`: what PDQ hashing costs, next to what it rides along with.
 *
 * 1. `hashImage()` on each shared photo (decode shrunk on load to at most 512 px, luma, box
 *    filter, DCT, median, quality, the eight dihedral hashes): median of 5 runs per photo;
 * 2. the hash math alone on a 512 x 384 picture (what runs on the event loop): from RGB as scoring
 *    runs it (`pdqDihedralFromRgb`, luma included), and from a ready luma picture;
 * 3. 1,000,000 Hamming distances against a flat bank of hashes;
 * 4. for scale: CLIP preprocessing of the same photos (`prepareImage`, which now includes the PDQ
 *    decode) and one ViT-B/32 vision-encoder run at batch 1 on the random ViT-B/32 model
 *    (the real model's graph and cost; `npm run bench` writes the same folder).
 * Plain node, no jest: jest's vm context makes tight typed-array loops many times slower.
 */
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { DEFAULT_IMAGE_LIMITS } from '../src/engine/image/image-limits';
import { hashImage } from '../src/engine/image/hash-image';
import { OPENAI_CLIP_PREPROCESS } from '../src/engine/image/clip-preprocess-config';
import { prepareImage } from '../src/engine/image/prepare-image';
import { PDQ_WORDS, lumaFromPixels, pdqDihedralFromLuma, pdqDihedralFromRgb, pdqFromLuma, pdqHammingDistance, pdqWordsFromHex } from '../src/engine/pdq';
import { benchJpegs } from './bench-images';
import { ensureVitB32ClipModel } from './support/vit-b32-clip-model';

const MODEL_DIR = join(__dirname, '.models', 'clip-vit-b32-random');
const RUNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeMs(work: () => Promise<unknown> | unknown, runs = RUNS): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<void> {
  const photos = await benchJpegs();
  const lines = [`PDQ bench: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}); ${photos.length} shared JPEGs; medians of ${RUNS} runs`];

  const perPhoto: { name: string; pdqMs: number; clipPrepMs: number; megapixels: number }[] = [];
  for (const photo of photos) {
    const pdqMs = await timeMs(() => hashImage(photo.bytes, DEFAULT_IMAGE_LIMITS));
    const prepared = await prepareImage(photo.bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    const clipPrepMs = await timeMs(() => prepareImage(photo.bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS));
    perPhoto.push({ name: photo.name, pdqMs, clipPrepMs, megapixels: (prepared.width * prepared.height) / 1e6 });
  }
  lines.push('', 'per photo: hashImage (PDQ alone) | prepareImage (CLIP tensor + PDQ) | size');
  for (const row of perPhoto) lines.push(`  ${row.pdqMs.toFixed(1).padStart(7)} ms | ${row.clipPrepMs.toFixed(1).padStart(7)} ms | ${row.megapixels.toFixed(1).padStart(5)} MP  ${row.name}`);
  const pdqMedian = median(perPhoto.map((row) => row.pdqMs));
  lines.push(`  median hashImage ${pdqMedian.toFixed(1)} ms, max ${Math.max(...perPhoto.map((row) => row.pdqMs)).toFixed(1)} ms; median prepareImage ${median(perPhoto.map((row) => row.clipPrepMs)).toFixed(1)} ms`);

  // Scoring hashes the RGB picture it decoded for the model, luma and all, on the event loop.
  const rgb = new Uint8Array(512 * 384 * 3).map((_, index) => (Math.imul(index, 2654435761) >>> 24) ^ (index >> 9));
  const rgbMs = await timeMs(() => pdqDihedralFromRgb(rgb, 512, 384), 20);
  const luma = lumaFromPixels(rgb, 512, 384, 3);
  const mathMs = await timeMs(() => pdqFromLuma(luma, 512, 384), 20);
  const dihedralMs = await timeMs(() => pdqDihedralFromLuma(luma, 512, 384), 20);
  lines.push(
    '',
    `hash math on the event loop, 512 x 384: ${rgbMs.toFixed(2)} ms from RGB with the eight dihedral hashes (pdqDihedralFromRgb, as scoring runs it); from luma ${mathMs.toFixed(2)} ms (one hash), ${dihedralMs.toFixed(2)} ms (with the eight dihedral hashes)`,
  );

  const bank = new Uint32Array(1_000_000 * PDQ_WORDS).map((_, index) => Math.imul(index + 1, 2654435761) >>> 0);
  const query = pdqWordsFromHex('d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22');
  let sink = 0;
  const scanMs = await timeMs(() => {
    for (let entry = 0; entry < 1_000_000; entry += 1) sink += pdqHammingDistance(query, bank, 0, entry * PDQ_WORDS);
  });
  lines.push(`1,000,000 Hamming distances (one linear scan of a flat Uint32Array bank): ${scanMs.toFixed(1)} ms (checksum ${sink % 997})`);

  await ensureVitB32ClipModel(MODEL_DIR);
  const session = await InferenceSession.create(join(MODEL_DIR, 'onnx', 'vision_model.onnx'));
  const pixels = new Tensor('float32', new Float32Array(3 * 224 * 224).map((_, index) => ((index % 255) - 127) / 64), [1, 3, 224, 224]);
  const inferenceMs = await timeMs(() => session.run({ [session.inputNames[0]!]: pixels }));
  await session.release();
  lines.push(`ViT-B/32 vision encoder, one image (batch 1, fp32, onnxruntime defaults): ${inferenceMs.toFixed(1)} ms`);
  lines.push('', `PDQ per photo is ${((100 * pdqMedian) / inferenceMs).toFixed(0)} % of one CLIP vision run (median hashImage / batch-1 inference).`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import { ModerationDecision } from '../../src/engine/scoring/moderation-decision';
import { parsePolicy } from '../../src/engine/policy';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { BLUE, GREEN, RED, Rgb, animatedGif, solidImage } from '../support/colour-images';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { SHARED_DIR, tempDir } from '../support/temp-dir';

describe('ModerationEngine with the tiny planted-meaning model', () => {
  const root = tempDir('engine');
  const modelDir = join(root, 'model');
  const policiesDir = join(root, 'policies');
  const cacheDir = join(root, 'cache');
  let engine: ModerationEngine;

  beforeAll(async () => {
    await writeTinyClipModel(modelDir, { layout: 'huggingface', dtypes: ['fp32', 'fp16', 'quantized'] });
    require('node:fs').mkdirSync(policiesDir);
    writeFileSync(join(policiesDir, 'colours.yaml'), COLOUR_POLICY_YAML);
    engine = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, batching: { maxBatchSize: 8, maxWaitMs: 5 } });
  });

  afterAll(async () => {
    await engine.close();
  });

  it('blocks a red image through the red category and lets the others be', async () => {
    const decision = await engine.score(await solidImage(RED, 'jpeg'), 'colours');
    const byId = Object.fromEntries(decision.categories.map((category) => [category.id, category]));
    expect(byId.red!.score).toBeGreaterThan(0.85);
    expect(byId.red!.action).toBe('block');
    expect(byId.red!.bestPrompt).toBe('a photo of something red');
    expect(byId.blue!.score).toBeLessThan(0.5);
    expect(byId.blue!.action).toBe('allow');
    expect(byId.green!.score).toBeLessThan(0.6);
    expect(decision.action).toBe('block');
    expect(decision.triggered).toEqual(['red']);
  });

  it('sends a blue image to review (above review, below block) and names the best prompt', async () => {
    const decision = await engine.score(await solidImage(BLUE, 'png'), 'colours');
    const blue = decision.categories.find((category) => category.id === 'blue')!;
    expect(blue.score).toBeGreaterThanOrEqual(0.5);
    expect(blue.score).toBeLessThan(0.99);
    expect(blue.thresholds).toEqual({ review: 0.5, block: 0.99 });
    expect(decision.action).toBe('review');
    expect(decision.categories.find((category) => category.id === 'red')!.action).toBe('allow');
  });

  it('scores contrast-softmax categories as a probability against the contrast prompts', async () => {
    const green = await engine.score(await solidImage(GREEN, 'webp'), 'colours');
    const greenCategory = green.categories.find((category) => category.id === 'green')!;
    expect(greenCategory.scoring).toBe('contrast-softmax');
    expect(greenCategory.score).toBeGreaterThan(0.9);
    expect(greenCategory.score).toBeLessThanOrEqual(1);
    const red = await engine.score(await solidImage(RED), 'colours');
    expect(red.categories.find((category) => category.id === 'green')!.score).toBeLessThan(0.01);
  });

  it('reports shadow categories without enforcing them', async () => {
    const decision = await engine.score(await solidImage([200, 30, 30], 'png'), 'colours');
    const shadow = decision.categories.find((category) => category.id === 'red-shadow')!;
    expect(shadow.shadow).toBe(true);
    expect(shadow.action).toBe('block');
    expect(decision.triggered).not.toContain('red-shadow');
    expect(decision.shadowAction).toBe('block');
  });

  it('allows a grey image and records everything needed to explain and replay the decision', async () => {
    const bytes = await solidImage([128, 128, 128], 'png', 100);
    const decision = await engine.score(bytes, 'colours');
    expect(decision.action).toBe('allow');
    expect(decision.policy.id).toBe('colours');
    expect(decision.policy.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(decision.model.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(decision.model.id).toBe(modelDir);
    expect(decision.content).toMatchObject({ format: 'png', byteLength: bytes.length, width: 100, height: 100, frameCount: 1, framesScored: 1 });
    expect(decision.content.sha256).toBe(require('node:crypto').createHash('sha256').update(bytes).digest('hex'));
    expect(decision.embedding).toHaveLength(8);
    expect(Math.hypot(...decision.embedding)).toBeCloseTo(1, 5);
    for (const key of ['decodeMs', 'queueMs', 'inferenceMs', 'scoringMs', 'totalMs'] as const) {
      expect(decision.timings[key]).toBeGreaterThanOrEqual(0);
    }
    expect(decision.timings.totalMs).toBeGreaterThanOrEqual(decision.timings.decodeMs);
    expect(new Date(decision.decidedAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps the worst frame of an animated GIF', async () => {
    // Slightly different blues stop the GIF encoder from merging identical frames.
    const blues: Rgb[] = [0, 1, 2, 4, 5, 6].map((shade) => [shade * 8, 0, 255]);
    const gif = await animatedGif([...blues.slice(0, 3), RED, ...blues.slice(3)]);
    const sevenFrames = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, limits: { maxFrames: 7 } });
    try {
      const decision = await sevenFrames.score(gif, 'colours');
      expect(decision.content.frameCount).toBe(7);
      expect(decision.content.framesScored).toBe(7);
      const red = decision.categories.find((category) => category.id === 'red')!;
      expect(red.action).toBe('block');
      expect(red.frame).toBe(3);
      expect(decision.action).toBe('block');
      expect(decision.frameEmbeddings).toHaveLength(7);
      expect(decision.embedding).toEqual(decision.frameEmbeddings[3]);
    } finally {
      await sevenFrames.close();
    }
  });

  it('scores at most the frame limit, spread over the animation', async () => {
    const blues: Rgb[] = Array.from({ length: 10 }, (_, shade) => [shade * 8, 0, 255]);
    const gif = await animatedGif([...blues, RED]);
    const decision = await engine.score(gif, 'colours');
    expect(decision.content.frameCount).toBe(11);
    expect(decision.content.framesScored).toBe(engine.limits.maxFrames);
    expect(decision.content.framesScored).toBeLessThan(11);
  });

  it('coalesces concurrent calls into batches with the same results as one by one', async () => {
    const images = await Promise.all([RED, GREEN, BLUE, RED, GREEN, BLUE, RED, GREEN, BLUE, RED, GREEN, BLUE].map((colour) => solidImage(colour)));
    // A wait long enough that decodes finishing apart on a busy machine still meet in one batch.
    const batching = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir, batching: { maxBatchSize: 8, maxWaitMs: 200 } });
    try {
      const sequential: ModerationDecision[] = [];
      for (const image of images.slice(0, 3)) sequential.push(await batching.score(image, 'colours'));
      const before = batching.stats();
      const concurrent = await Promise.all(images.map((image) => batching.score(image, 'colours')));
      const after = batching.stats();
      expect(after.framesEncoded - before.framesEncoded).toBe(12);
      expect(after.batches - before.batches).toBeLessThanOrEqual(4);
      concurrent.slice(0, 3).forEach((decision, index) => {
        expect(decision.action).toBe(sequential[index]!.action);
        decision.categories.forEach((category, c) => expect(category.score).toBeCloseTo(sequential[index]!.categories[c]!.score, 5));
      });
    } finally {
      await batching.close();
    }
  });

  it('restarts on cached prompt embeddings without opening the text encoder', async () => {
    expect(readdirSync(join(cacheDir, 'prompt-embeddings')).length).toBe(1);
    const warm = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir });
    try {
      expect(warm.stats().textEncoderLoaded).toBe(false);
      const decision = await warm.score(await solidImage(RED), 'colours');
      expect(decision.action).toBe('block');
      expect(warm.stats().textEncoderLoaded).toBe(false);
    } finally {
      await warm.close();
    }
  });

  it('embeds a new prompt once a policy changes, opening the text encoder only then', async () => {
    const changed = parsePolicy(COLOUR_POLICY_YAML.replace('"something red"]', '"something red", "a red apple"]'), 'changed.yaml');
    const warm = await ModerationEngine.create({ model: modelDir, policies: [changed], cacheDir });
    try {
      expect(warm.stats().textEncoderLoaded).toBe(true);
    } finally {
      await warm.close();
    }
  });

  it.each(['fp16', 'quantized'] as const)('loads the %s variant, with its own model hash and the same meaning', async (dtype) => {
    const variant = await ModerationEngine.create({ model: modelDir, dtype, policies: policiesDir, cacheDir });
    try {
      expect(variant.model.dtype).toBe(dtype);
      expect(variant.model.hash).not.toBe(engine.model.hash);
      const decision = await variant.score(await solidImage(RED), 'colours');
      expect(decision.action).toBe('block');
      expect(decision.categories.find((category) => category.id === 'red')!.score).toBeGreaterThan(0.85);
    } finally {
      await variant.close();
    }
  });

  it('names the variants present when the asked dtype is missing', async () => {
    await expect(ModerationEngine.create({ model: modelDir, dtype: 'q4', policies: policiesDir, cacheDir })).rejects.toMatchObject({
      code: ModerationErrorCode.ModelLayoutInvalid,
      details: expect.objectContaining({ variants: expect.arrayContaining(['fp32', 'fp16', 'quantized']) }),
    });
  });

  it('loads the open_clip layout with the original BPE merges file and decides the same', async () => {
    const ocDir = join(root, 'open-clip');
    await writeTinyClipModel(ocDir, { layout: 'open-clip' });
    await expect(ModerationEngine.create({ model: ocDir, policies: policiesDir, cacheDir })).rejects.toMatchObject({
      code: ModerationErrorCode.ModelLayoutInvalid,
      message: expect.stringContaining('tokenizer'),
    });
    copyFileSync(join(SHARED_DIR, 'clip', 'bpe_simple_vocab_16e6.txt.gz'), join(ocDir, 'bpe_simple_vocab_16e6.txt.gz'));
    const openClip = await ModerationEngine.create({ model: ocDir, policies: policiesDir, cacheDir });
    try {
      expect(openClip.model.layout).toBe('open-clip');
      const image = await solidImage(BLUE);
      const [a, b] = [await openClip.score(image, 'colours'), await engine.score(image, 'colours')];
      expect(a.action).toBe(b.action);
      a.categories.forEach((category, index) => expect(category.score).toBeCloseTo(b.categories[index]!.score, 4));
    } finally {
      await openClip.close();
    }
  });

  it('explains a folder that is not a model', async () => {
    const empty = tempDir('not-a-model');
    writeFileSync(join(empty, 'weights.bin'), 'x');
    const error = await ModerationEngine.create({ model: empty, policies: policiesDir, cacheDir }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: ModerationErrorCode.ModelLayoutInvalid });
    expect(String((error as Error).message)).toContain('weights.bin');
    expect(String((error as Error).message)).toContain('onnx/vision_model.onnx');
    expect(String((error as Error).message)).toContain('visual.onnx');
    await expect(ModerationEngine.create({ model: join(root, 'missing-folder'), policies: policiesDir, cacheDir })).rejects.toMatchObject({
      code: ModerationErrorCode.ModelNotFound,
    });
  });

  describe('bad input gets a typed error, never a crash or a hang', () => {
    it('zero bytes', async () => {
      await expect(engine.score(Buffer.alloc(0), 'colours')).rejects.toMatchObject({ code: ModerationErrorCode.ImageEmpty });
    });

    it('a truncated JPEG', async () => {
      const jpeg = await solidImage(RED, 'jpeg', 256);
      await expect(engine.score(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'colours')).rejects.toMatchObject({
        code: ModerationErrorCode.ImageCorrupt,
      });
    });

    it('text named .jpg', async () => {
      await expect(engine.score(Buffer.from('this is not an image, just text pretending'), 'colours')).rejects.toMatchObject({
        code: ModerationErrorCode.ImageUnsupportedFormat,
      });
    });

    it('an SVG', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>');
      await expect(engine.score(svg, 'colours')).rejects.toMatchObject({ code: ModerationErrorCode.ImageUnsupportedFormat });
    });

    it('an image declaring 100,000 x 100,000 pixels', async () => {
      const started = Date.now();
      await expect(engine.score(pngDeclaring(100_000, 100_000), 'colours')).rejects.toMatchObject({
        code: ModerationErrorCode.ImageTooManyPixels,
      });
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('an unknown policy id', async () => {
      await expect(engine.score(await solidImage(RED), 'no-such-policy')).rejects.toMatchObject({ code: ModerationErrorCode.PolicyNotFound });
    });

    it('a malformed policy file stops the engine from starting, naming the file and field', async () => {
      const badDir = tempDir('bad-policies');
      writeFileSync(join(badDir, 'broken.yaml'), COLOUR_POLICY_YAML.replace('review: 0.5, block: 0.85', 'review: 0.9, block: 0.2'));
      const error = await ModerationEngine.create({ model: modelDir, policies: badDir, cacheDir }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: ModerationErrorCode.PolicyInvalid });
      expect((error as Error).message).toContain('broken.yaml');
      expect((error as Error).message).toContain('categories[0].thresholds');
    });

    it('work after close is refused', async () => {
      const closing = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir });
      await closing.close();
      await expect(closing.score(await solidImage(RED), 'colours')).rejects.toMatchObject({ code: ModerationErrorCode.EngineClosed });
    });
  });

  it('writes no cache outside the cache folder', () => {
    expect(existsSync(join(cacheDir, 'file-hashes.json'))).toBe(true);
  });
});

/** A PNG whose header declares the given size (with a valid CRC) and whose data is garbage. */
function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(64)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

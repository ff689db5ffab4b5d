import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { hashImage } from '../../src/engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS } from '../../src/engine/image/image-limits';
import { pdqHexDistance } from '../../src/engine/pdq';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { pdqReference } from '../support/pdq-reference';
import { tempDir } from '../support/temp-dir';

/** An animated GIF of two different pictures: the bridge, small, then the same turned upside down. */
async function twoFrameGif(bridge: Buffer): Promise<{ gif: Buffer; first: Buffer; second: Buffer }> {
  const width = 160;
  const height = 100;
  const first = await sharp(bridge).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const second = await sharp(first, { raw: { width, height, channels: 3 } }).rotate(180).raw().toBuffer();
  const gif = await sharp(Buffer.concat([first, second]), { raw: { width, height: height * 2, channels: 3, pageHeight: height } })
    .gif({ loop: 0, delay: [100, 100] })
    .toBuffer();
  const frame = (page: number): Promise<Buffer> => sharp(gif, { page }).png().toBuffer();
  return { gif, first: await frame(0), second: await frame(1) };
}

describe('Decisions carry the PDQ hash of the scored picture', () => {
  const root = tempDir('pdq-decision');
  let engine: ModerationEngine;

  beforeAll(async () => {
    const modelDir = join(root, 'model');
    const policiesDir = join(root, 'policies');
    await writeTinyClipModel(modelDir, { layout: 'huggingface' });
    mkdirSync(policiesDir);
    writeFileSync(join(policiesDir, 'colours.yaml'), COLOUR_POLICY_YAML);
    engine = await ModerationEngine.create({ model: modelDir, policies: policiesDir, cacheDir: join(root, 'cache') });
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('puts the hash and quality of a still image into its decision, the same as hashing the bytes alone', async () => {
    for (const file of ['bridge-1-original.jpg', 'wee.jpg', 'c.png']) {
      const reference = pdqReference(file);
      const bytes = readFileSync(reference.path);
      const decision = await engine.score(bytes, 'colours');
      const alone = await hashImage(bytes, DEFAULT_IMAGE_LIMITS);
      expect({ file, pdq: decision.pdq }).toEqual({ file, pdq: { hash: alone.hash, quality: alone.quality } });
      expect(pdqHexDistance(decision.pdq!.hash, reference.hash)).toBeLessThanOrEqual(16);
    }
  });

  it('hashes the first frame of an animation, while every frame is scored', async () => {
    const { gif, first, second } = await twoFrameGif(readFileSync(pdqReference('bridge-1-original.jpg').path));
    const decision = await engine.score(gif, 'colours');
    expect(decision.content).toMatchObject({ format: 'gif', frameCount: 2, framesScored: 2 });
    const firstHash = (await hashImage(first, DEFAULT_IMAGE_LIMITS)).hash;
    const secondHash = (await hashImage(second, DEFAULT_IMAGE_LIMITS)).hash;
    expect(decision.pdq!.hash).toBe(firstHash);
    expect(pdqHexDistance(firstHash, secondHash)).toBeGreaterThan(64);
    expect(decision.pdq!.quality).toBeGreaterThan(50);
  });

  // With the hash on, large pictures reach the model's size in two resizes (through the 512 px
  // picture PDQ hashes) instead of one, so scores move in the fourth decimal; the decision does not.
  it('leaves the hash out (null) with pdq off, and still decides alike', async () => {
    const bytes = readFileSync(pdqReference('bridge-1-original.jpg').path);
    const off = await ModerationEngine.create({ model: join(root, 'model'), policies: join(root, 'policies'), cacheDir: join(root, 'cache'), pdq: false });
    try {
      const withoutHash = await off.score(bytes, 'colours');
      const withHash = await engine.score(bytes, 'colours');
      expect(withoutHash.pdq).toBeNull();
      expect(withHash.pdq).not.toBeNull();
      expect(withoutHash.action).toBe(withHash.action);
      expect(withoutHash.categories.map((category) => category.action)).toEqual(withHash.categories.map((category) => category.action));
      withoutHash.categories.forEach((category, index) => expect(category.score).toBeCloseTo(withHash.categories[index]!.score, 2));
    } finally {
      await off.close();
    }
  });

  it('gives a flat picture quality 0, so later matching can ignore it', async () => {
    const flat = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
    expect((await engine.score(flat, 'colours')).pdq).toMatchObject({ quality: 0 });
  });
});

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { isModerationError, ModerationError } from '../../src/engine/errors/moderation-error';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import {
  ClipPreprocessConfig,
  DEFAULT_ALLOWED_FORMATS,
  DEFAULT_IMAGE_LIMITS,
  ImageLimits,
  OPENAI_CLIP_PREPROCESS,
  parsePreprocessorConfig,
  prepareImage,
  restrictLibvipsLoaders,
  selectFrameIndices,
  sniffImageFormat,
} from '../../src/engine/image';

const TMP = path.resolve(__dirname, '../.tmp');
const SHARED_PHOTO = path.resolve(__dirname, '../../../shared/images/photos/sharp-flowers.jpeg');
const MEAN = OPENAI_CLIP_PREPROCESS.mean;
const STD = OPENAI_CLIP_PREPROCESS.std;
const PLANE = 224 * 224;

/** The normalised value CLIP preprocessing gives an 8-bit `value` in `channel`. */
function normalised(value: number, channel: number): number {
  return (value / 255 - MEAN[channel]) / STD[channel];
}

/** Reads back the 8-bit value a normalised tensor entry came from. */
function level(tensor: Float32Array, channel: number, y: number, x: number): number {
  return (tensor[channel * PLANE + y * 224 + x] * STD[channel] + MEAN[channel]) * 255;
}

/** Runs `promise` and returns the ModerationError it rejects with (fails on anything else). */
async function rejection(promise: Promise<unknown>): Promise<ModerationError<string>> {
  try {
    await promise;
  } catch (error) {
    if (isModerationError(error)) return error;
    throw new Error(`expected a ModerationError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

function solid(width: number, height: number, colour: { r: number; g: number; b: number; alpha?: number }): Sharp {
  const channels = colour.alpha === undefined ? 3 : 4;
  return sharp({ create: { width, height, channels, background: colour } });
}

function noise(width: number, height: number): Sharp {
  const noisy = { type: 'gaussian' as const, mean: 128, sigma: 45 };
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: noisy } });
}

/** A PNG whose IHDR declares `width` x `height`, with valid CRCs and a token IDAT. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real photo when ../shared is present, otherwise a noisy generated JPEG of similar size. */
async function realJpeg(): Promise<Buffer> {
  if (existsSync(SHARED_PHOTO)) return readFileSync(SHARED_PHOTO);
  return noise(1200, 800).jpeg({ quality: 90 }).toBuffer();
}

describe('format sniffing', () => {
  it('recognises every allowed format generated with sharp, from the bytes alone', async () => {
    const image = solid(32, 24, { r: 200, g: 60, b: 20 });
    const encoded: Record<string, Buffer> = {
      jpeg: await image.clone().jpeg().toBuffer(),
      png: await image.clone().png().toBuffer(),
      webp: await image.clone().webp().toBuffer(),
      gif: await image.clone().gif().toBuffer(),
      avif: await image.clone().avif().toBuffer(),
      tiff: await image.clone().tiff().toBuffer(),
    };
    for (const [format, bytes] of Object.entries(encoded)) {
      expect(sniffImageFormat(bytes).format).toBe(format);
      const prepared = await prepareImage(bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
      expect(prepared.format).toBe(format);
      expect([prepared.width, prepared.height]).toEqual([32, 24]);
    }
  });

  it('tells HEIF from AVIF by the ftyp brands', () => {
    const ftyp = (major: string, ...compatible: string[]): Buffer => {
      const body = Buffer.from(`ftyp${major}\0\0\0\0${compatible.join('')}`, 'latin1');
      const size = Buffer.alloc(4);
      size.writeUInt32BE(body.length + 4);
      return Buffer.concat([size, body, Buffer.alloc(16)]);
    };
    expect(sniffImageFormat(ftyp('heic', 'mif1', 'heic')).format).toBe('heif');
    expect(sniffImageFormat(ftyp('mif1', 'mif1', 'heic')).format).toBe('heif');
    expect(sniffImageFormat(ftyp('mif1', 'mif1', 'avif', 'miaf')).format).toBe('avif');
    expect(sniffImageFormat(ftyp('avis', 'avis', 'msf1')).format).toBe('avif');
    expect(sniffImageFormat(ftyp('isom', 'isom', 'mp41')).format).toBe('unknown');
  });

  it('names common refused formats', () => {
    expect(sniffImageFormat(Buffer.from('BM\x36\0\0\0\0\0\0\0\x36\0\0\0', 'latin1')).format).toBe('bmp');
    expect(sniffImageFormat(Buffer.from('%PDF-1.7\n', 'latin1')).format).toBe('pdf');
    expect(sniffImageFormat(Buffer.from([0, 0, 1, 0, 1, 0, 16, 16])).format).toBe('ico');
    expect(sniffImageFormat(Buffer.from([0, 0, 0, 12, 0x6a, 0x50, 0x20, 0x20, 13, 10, 0x87, 10])).format).toBe('jp2');
    expect(sniffImageFormat(Buffer.from('\uFEFF\n  <svg xmlns="http://www.w3.org/2000/svg"/>')).format).toBe('svg');
    expect(sniffImageFormat(Buffer.from([0xff])).format).toBe('unknown');
  });

  it('refuses text saved under a .jpg name', async () => {
    const file = path.join(TMP, 'not-really-a-photo.jpg');
    writeFileSync(file, 'Just some text that someone renamed to .jpg\n');
    const error = await rejection(prepareImage(readFileSync(file), OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS));
    expect(error.code).toBe(ModerationErrorCode.ImageUnsupportedFormat);
    expect(error.details).toEqual({ detected: 'unknown', allowed: [...DEFAULT_ALLOWED_FORMATS] });
  });

  it('refuses SVG as its own detected format before any decoder sees it', async () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const error = await rejection(prepareImage(svg, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS));
    expect(error.code).toBe(ModerationErrorCode.ImageUnsupportedFormat);
    expect(error.details).toMatchObject({ detected: 'svg' });
  });

  it('leaves libvips no loader outside the allowed formats, even if the sniffing were bypassed', async () => {
    restrictLibvipsLoaders();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expect(sharp(svg).metadata()).rejects.toThrow(/unsupported image format/);
    const jpeg = await solid(8, 8, { r: 1, g: 2, b: 3 }).jpeg().toBuffer();
    await expect(sharp(jpeg).metadata()).resolves.toMatchObject({ format: 'jpeg' });
  });

  it('applies the configured allow-list', async () => {
    const png = await solid(8, 8, { r: 1, g: 2, b: 3 }).png().toBuffer();
    const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, allowedFormats: ['jpeg'] };
    const error = await rejection(prepareImage(png, OPENAI_CLIP_PREPROCESS, limits));
    expect(error.code).toBe(ModerationErrorCode.ImageUnsupportedFormat);
    expect(error.details).toEqual({ detected: 'png', allowed: ['jpeg'] });
  });
});

describe('limits and damaged input', () => {
  it('refuses zero bytes and non-byte input as empty', async () => {
    expect((await rejection(prepareImage(new Uint8Array(0), OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS))).code).toBe(
      ModerationErrorCode.ImageEmpty,
    );
    const notBytes = 'hello' as unknown as Uint8Array;
    expect((await rejection(prepareImage(notBytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS))).code).toBe(
      ModerationErrorCode.ImageEmpty,
    );
  });

  it('refuses uploads over maxBytes before looking at the content', async () => {
    const limits = { ...DEFAULT_IMAGE_LIMITS, maxBytes: 100 };
    const error = await rejection(prepareImage(Buffer.alloc(101, 0x41), OPENAI_CLIP_PREPROCESS, limits));
    expect(error.code).toBe(ModerationErrorCode.ImageTooLarge);
    expect(error.details).toEqual({ byteLength: 101, maxBytes: 100 });
  });

  it('reports a truncated JPEG as corrupt instead of returning grey fill', async () => {
    const jpeg = await realJpeg();
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    const error = await rejection(prepareImage(cut, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS));
    expect(error.code).toBe(ModerationErrorCode.ImageCorrupt);
  });

  it('refuses a PNG declaring 100000 x 100000 pixels from its header, fast', async () => {
    const bomb = pngDeclaring(100_000, 100_000);
    expect(sniffImageFormat(bomb).format).toBe('png');
    const started = performance.now();
    const error = await rejection(prepareImage(bomb, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS));
    expect(error.code).toBe(ModerationErrorCode.ImageTooManyPixels);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('checks maxPixels against the declared size of an ordinary image', async () => {
    const png = await solid(100, 50, { r: 9, g: 9, b: 9 }).png().toBuffer();
    const error = await rejection(prepareImage(png, OPENAI_CLIP_PREPROCESS, { ...DEFAULT_IMAGE_LIMITS, maxPixels: 4999 }));
    expect(error.code).toBe(ModerationErrorCode.ImageTooManyPixels);
    const ok = await prepareImage(png, OPENAI_CLIP_PREPROCESS, { ...DEFAULT_IMAGE_LIMITS, maxPixels: 5000 });
    expect(ok.frames).toHaveLength(1);
  });

  it('times out with ImageDecodeTimeout, and the next call still works', async () => {
    const big = await noise(4000, 3000).jpeg({ quality: 95 }).toBuffer();
    const error = await rejection(prepareImage(big, OPENAI_CLIP_PREPROCESS, { ...DEFAULT_IMAGE_LIMITS, decodeTimeoutMs: 1 }));
    expect(error.code).toBe(ModerationErrorCode.ImageDecodeTimeout);
    const prepared = await prepareImage(big, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    expect(prepared.width).toBe(4000);
  });

  it('rejects invalid limits and configs as configuration errors', async () => {
    const png = await solid(8, 8, { r: 1, g: 2, b: 3 }).png().toBuffer();
    const badLimits = { ...DEFAULT_IMAGE_LIMITS, maxFrames: 0, allowedFormats: ['bmp'] } as unknown as ImageLimits;
    const limitsError = await rejection(prepareImage(png, OPENAI_CLIP_PREPROCESS, badLimits));
    expect(limitsError.code).toBe(ModerationErrorCode.ConfigInvalid);
    expect(limitsError.details.problems).toEqual([
      expect.objectContaining({ key: 'maxFrames' }),
      expect.objectContaining({ key: 'allowedFormats' }),
    ]);
    const badConfig = { ...OPENAI_CLIP_PREPROCESS, cropSize: { height: 0, width: 224 } };
    expect((await rejection(prepareImage(png, badConfig, DEFAULT_IMAGE_LIMITS))).code).toBe(ModerationErrorCode.ConfigInvalid);
  });
});

describe('decoding', () => {
  it('hashes the original bytes and reports sizes', async () => {
    const png = await solid(300, 200, { r: 10, g: 20, b: 30 }).png().toBuffer();
    const prepared = await prepareImage(png, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    expect(prepared.sha256).toBe(createHash('sha256').update(png).digest('hex'));
    expect(prepared.byteLength).toBe(png.length);
    expect(prepared).toMatchObject({ format: 'png', width: 300, height: 200, frameCount: 1, tensorHeight: 224, tensorWidth: 224 });
    expect(prepared.decodeMs).toBeGreaterThanOrEqual(0);
  });

  it('applies EXIF orientation 6 (rotate 90 degrees clockwise)', async () => {
    // Stored 40 x 20: left half red, right half blue. Shown upright it is 20 x 40, red on top.
    const raw = Buffer.alloc(40 * 20 * 3);
    for (let y = 0; y < 20; y += 1) {
      for (let x = 0; x < 40; x += 1) raw[(y * 40 + x) * 3 + (x < 20 ? 0 : 2)] = 255;
    }
    const jpeg = await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const prepared = await prepareImage(jpeg, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    expect([prepared.width, prepared.height]).toEqual([20, 40]);
    // 20 x 40 becomes 224 x 448 and the crop keeps rows 112..335: red above row 112, blue below.
    const top = prepared.frames[0];
    expect(level(top, 0, 40, 112)).toBeGreaterThan(200);
    expect(level(top, 2, 40, 112)).toBeLessThan(60);
    expect(level(top, 0, 180, 112)).toBeLessThan(60);
    expect(level(top, 2, 180, 112)).toBeGreaterThan(200);
  });

  it('flattens alpha onto white', async () => {
    const transparent = await solid(50, 50, { r: 0, g: 0, b: 0, alpha: 0 }).png().toBuffer();
    const clear = await prepareImage(transparent, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    for (let channel = 0; channel < 3; channel += 1) expect(level(clear.frames[0], channel, 100, 100)).toBeCloseTo(255, 3);
    const halfRed = await solid(50, 50, { r: 255, g: 0, b: 0, alpha: 0.5 }).png().toBuffer();
    const blended = await prepareImage(halfRed, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    expect(level(blended.frames[0], 0, 100, 100)).toBeCloseTo(255, 3);
    expect(Math.abs(level(blended.frames[0], 1, 100, 100) - 127.5)).toBeLessThan(2);
  });

  it('converts 16-bit, greyscale, CMYK and palette images to 8-bit sRGB', async () => {
    const colour = { r: 200, g: 60, b: 20 };
    const cases: { name: string; bytes: Buffer; expected: [number, number, number]; tolerance: number }[] = [
      { name: '16-bit', bytes: await solid(40, 30, colour).toColourspace('rgb16').png().toBuffer(), expected: [200, 60, 20], tolerance: 1 },
      {
        name: 'greyscale',
        bytes: await solid(40, 30, { r: 128, g: 128, b: 128 }).toColourspace('b-w').png().toBuffer(),
        expected: [128, 128, 128],
        tolerance: 1,
      },
      { name: 'CMYK', bytes: await solid(40, 30, colour).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer(), expected: [200, 60, 20], tolerance: 25 },
      { name: 'palette', bytes: await solid(40, 30, colour).png({ palette: true }).toBuffer(), expected: [200, 60, 20], tolerance: 1 },
    ];
    const spaces = await Promise.all(cases.map(async ({ bytes }) => (await sharp(bytes).metadata()).space));
    expect(spaces).toEqual(['rgb16', 'b-w', 'cmyk', 'srgb']);
    for (const { name, bytes, expected, tolerance } of cases) {
      const prepared = await prepareImage(bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
      const got = [0, 1, 2].map((channel) => level(prepared.frames[0], channel, 112, 112));
      got.forEach((value, channel) => {
        if (Math.abs(value - expected[channel]) > tolerance) throw new Error(`${name}: got ${got.join(',')} for ${expected.join(',')}`);
      });
    }
  });

  it('lays out a solid red image as CHW with the OpenAI CLIP normalisation', async () => {
    const red = await solid(60, 40, { r: 255, g: 0, b: 0 }).png().toBuffer();
    const [frame] = (await prepareImage(red, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS)).frames;
    expect(frame).toBeInstanceOf(Float32Array);
    expect(frame).toHaveLength(3 * PLANE);
    const expected = [(1 - 0.48145466) / 0.26862954, (0 - 0.4578275) / 0.26130258, (0 - 0.40821073) / 0.27577711];
    for (let channel = 0; channel < 3; channel += 1) {
      const plane = frame.subarray(channel * PLANE, (channel + 1) * PLANE);
      expect(plane.every((value) => Math.abs(value - expected[channel]) < 1e-6)).toBe(true);
    }
  });

  it('keeps rows and columns apart (CHW, not HWC)', async () => {
    // 448 x 224, left half red, right half green: no resize is needed (short side is 224) and the
    // centre crop shows columns 112..335, so the colour boundary lands at crop column 112.
    const raw = Buffer.alloc(448 * 224 * 3);
    for (let i = 0; i < 448 * 224; i += 1) raw[i * 3 + (i % 448 < 224 ? 0 : 1)] = 255;
    const png = await sharp(raw, { raw: { width: 448, height: 224, channels: 3 } }).png().toBuffer();
    const [frame] = (await prepareImage(png, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS)).frames;
    expect(frame[0 * PLANE + 5 * 224 + 111]).toBeCloseTo(normalised(255, 0), 5);
    expect(frame[0 * PLANE + 5 * 224 + 112]).toBeCloseTo(normalised(0, 0), 5);
    expect(frame[1 * PLANE + 200 * 224 + 111]).toBeCloseTo(normalised(0, 1), 5);
    expect(frame[1 * PLANE + 200 * 224 + 112]).toBeCloseTo(normalised(255, 1), 5);
  });

  it('returns the resized image when centre cropping is off', async () => {
    const png = await solid(300, 150, { r: 0, g: 0, b: 255 }).png().toBuffer();
    const config: ClipPreprocessConfig = { ...OPENAI_CLIP_PREPROCESS, doCenterCrop: false };
    const prepared = await prepareImage(png, config, DEFAULT_IMAGE_LIMITS);
    expect([prepared.tensorWidth, prepared.tensorHeight]).toEqual([448, 224]);
    expect(prepared.frames[0]).toHaveLength(3 * 448 * 224);
  });

  it('pads with zeros when the crop is larger than the resized image, like the reference', async () => {
    const png = await solid(20, 10, { r: 255, g: 255, b: 255 }).png().toBuffer();
    const config: ClipPreprocessConfig = { ...OPENAI_CLIP_PREPROCESS, doResize: false, cropSize: { height: 16, width: 30 } };
    const prepared = await prepareImage(png, config, DEFAULT_IMAGE_LIMITS);
    const [frame] = prepared.frames;
    // Python: top = (10 - 16) // 2 = -3, left = (20 - 30) // 2 = -5: image rows 3..12, columns 5..24.
    const at = (y: number, x: number): number => frame[y * 30 + x];
    expect(at(2, 10)).toBeCloseTo(normalised(0, 0), 5);
    expect(at(3, 10)).toBeCloseTo(normalised(255, 0), 5);
    expect(at(12, 24)).toBeCloseTo(normalised(255, 0), 5);
    expect(at(13, 24)).toBeCloseTo(normalised(0, 0), 5);
    expect(at(8, 4)).toBeCloseTo(normalised(0, 0), 5);
    expect(at(8, 25)).toBeCloseTo(normalised(0, 0), 5);
  });
});

describe('animations', () => {
  /** 20 frames of 16 x 16: shades of blue, except frame 11 which is red. */
  function twentyFrames(): Buffer {
    const raw = Buffer.alloc(16 * 16 * 20 * 3);
    for (let frame = 0; frame < 20; frame += 1) {
      for (let i = 0; i < 256; i += 1) {
        const offset = (frame * 256 + i) * 3;
        if (frame === 11) raw[offset] = 255;
        else raw.set([0, frame * 3, 100 + frame * 7], offset);
      }
    }
    return raw;
  }

  it('picks maxFrames frames evenly, first and last included', () => {
    expect(selectFrameIndices(20, 8)).toEqual([0, 3, 5, 8, 11, 14, 16, 19]);
    expect(selectFrameIndices(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(selectFrameIndices(30, 1)).toEqual([0]);
    expect(selectFrameIndices(1, 8)).toEqual([0]);
  });

  it.each(['gif', 'webp'] as const)('scores 8 of 20 animated %s frames, the red one where expected', async (format) => {
    const encoder = sharp(twentyFrames(), { raw: { width: 16, height: 16 * 20, channels: 3, pageHeight: 16 } });
    const bytes = format === 'gif' ? await encoder.gif().toBuffer() : await encoder.webp({ lossless: true }).toBuffer();
    const prepared = await prepareImage(bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS);
    expect(prepared).toMatchObject({ format, frameCount: 20, width: 16, height: 16 });
    expect(prepared.frames).toHaveLength(8);
    const reds = prepared.frames.map((frame) => level(frame, 0, 112, 112) > 200);
    // Frame 11 is the fifth pick: [0, 3, 5, 8, 11, 14, 16, 19].
    expect(reds).toEqual([false, false, false, false, true, false, false, false]);
    // Frame 0 is blue 100, frame 19 blue 233: the picks really are different frames.
    expect(level(prepared.frames[0], 2, 112, 112)).toBeCloseTo(100, 0);
    expect(level(prepared.frames[7], 2, 112, 112)).toBeCloseTo(233, 0);
  });

  it('honours a smaller maxFrames', async () => {
    const gif = await sharp(twentyFrames(), { raw: { width: 16, height: 320, channels: 3, pageHeight: 16 } }).gif().toBuffer();
    const prepared = await prepareImage(gif, OPENAI_CLIP_PREPROCESS, { ...DEFAULT_IMAGE_LIMITS, maxFrames: 2 });
    expect(prepared.frames).toHaveLength(2);
    expect(prepared.frameCount).toBe(20);
  });
});

describe('parsePreprocessorConfig', () => {
  it('fills CLIP defaults for missing fields', () => {
    expect(parsePreprocessorConfig({})).toEqual(OPENAI_CLIP_PREPROCESS);
    expect(parsePreprocessorConfig({}, 336)).toMatchObject({ shortestEdge: 336, cropSize: { height: 336, width: 336 } });
  });

  it('reads the older number forms and the PIL filter ids', () => {
    const config = parsePreprocessorConfig({
      size: 256,
      crop_size: 240,
      resample: 2,
      image_mean: 0.5,
      image_std: [0.5, 0.5, 0.5],
      rescale_factor: 0.5,
      do_center_crop: false,
      do_normalize: false,
    });
    expect(config).toEqual({
      cropSize: { height: 240, width: 240 },
      shortestEdge: 256,
      resample: 'bilinear',
      doResize: true,
      doCenterCrop: false,
      doRescale: true,
      rescaleFactor: 0.5,
      doNormalize: false,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
    });
    expect(parsePreprocessorConfig({ resample: 0 }).resample).toBe('nearest');
    expect(parsePreprocessorConfig({ crop_size: { height: 200, width: 300 } }).cropSize).toEqual({ height: 200, width: 300 });
  });

  it('lists every invalid field in a ModelLayoutInvalid error', () => {
    let error: unknown;
    try {
      parsePreprocessorConfig({ size: { height: 224, width: 224 }, resample: 1, image_std: [0.2, 0, 0.2], do_resize: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(isModerationError(error, ModerationErrorCode.ModelLayoutInvalid)).toBe(true);
    const problems = (error as ModerationError).details.problems as { field: string }[];
    expect(problems.map((problem) => problem.field)).toEqual(['size', 'resample', 'do_resize', 'image_std']);
    expect(() => parsePreprocessorConfig(null)).toThrow(ModerationError);
    expect(() => parsePreprocessorConfig([])).toThrow(ModerationError);
  });
});

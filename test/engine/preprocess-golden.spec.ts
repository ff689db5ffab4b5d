/**
 * Golden comparison of prepareImage against the reference CLIP preprocessing of
 * @huggingface/transformers (CLIPImageProcessor, OpenAI CLIP config) on real photos.
 *
 * Two references are measured:
 * - "transformers.js": the library end to end. In Node it decodes with sharp and applies EXIF
 *   orientation itself (`RawImage.fromBlob` calls `sharp(...).rotate()`), so both sides see the
 *   same upright pixels without help. Its bicubic resize, however, is sharp's `affine` with a
 *   bicubic interpolator: no antialiasing when reducing and corner-aligned pixels when enlarging.
 *   That differs from Pillow, which the Python processor (and CLIP's training) uses, so this
 *   reference is compared loosely.
 * - "pillow": the same library with only the resize replaced by an independent, plain
 *   re-implementation of Pillow's antialiased resampling (below, written for this test). The
 *   library still decodes, orients, centre-crops, rescales, normalises and lays out CHW. This is
 *   the tight check.
 * Alpha: the library drops alpha (`rgb()`), while the engine flattens onto white, so for images
 * with alpha both references are fed the decoded pixels already flattened onto white.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLIPImageProcessor, RawImage } from '@huggingface/transformers';
import {
  DEFAULT_IMAGE_LIMITS,
  OPENAI_CLIP_PREPROCESS,
  parsePreprocessorConfig,
  prepareImage,
} from '../../src/engine/image';

const SHARED_IMAGES = path.resolve(__dirname, '../../../shared/images');
const PHOTOS = path.join(SHARED_IMAGES, 'photos');
const MANIFEST = path.join(SHARED_IMAGES, 'MANIFEST.tsv');
const REPORT = path.resolve(__dirname, '../.tmp/preprocess-golden.json');

/** openai/clip-vit-base-patch32 preprocessor_config.json, as published on the hub. */
const OPENAI_PREPROCESSOR_JSON = {
  crop_size: { height: 224, width: 224 },
  do_center_crop: true,
  do_convert_rgb: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_processor_type: 'CLIPImageProcessor',
  image_std: [0.26862954, 0.26130258, 0.27577711],
  resample: 3,
  rescale_factor: 0.00392156862745098,
  size: { shortest_edge: 224 },
};

/** Each case names a file and what its MANIFEST row must say, so a swapped fixture fails loudly. */
const CASES: readonly { label: string; file: string; manifest: RegExp }[] = [
  { label: 'JPEG baseline 1920x1080', file: 'sharp-flowers.jpeg', manifest: /baseline.*1920x1080/ },
  { label: 'JPEG progressive, enlarged', file: 'ianare-tests_32-lens_data.jpeg', manifest: /progressive.*200x133/ },
  { label: 'JPEG progressive, EXIF 6', file: 'libvips-rotation-6.jpg', manifest: /orientation=upper-right.*progressive/ },
  { label: 'JPEG baseline, EXIF 6', file: 'recurser-Portrait_6.jpg', manifest: /orientation=upper-right.*baseline/ },
  { label: 'JPEG 9 MP', file: 'ianare-mobile_HMD_Nokia_8.3_5G.jpg', manifest: /4608x1976/ },
  { label: 'JPEG CMYK with ICC', file: 'sharp-Channel_digital_image_CMYK_color.jpg', manifest: /CMYK JPEG with embedded ICC/ },
  { label: 'JPEG greyscale', file: 'sharp-concert.jpg', manifest: /greyscale/ },
  { label: 'JPEG tiny, enlarged 3x', file: 'ianare-Canon_40D.jpg', manifest: /100x68/ },
  { label: 'PNG RGB', file: 'skimage-chelsea.png', manifest: /PNG image data, 451 x 300, 8-bit\/color RGB,/ },
  { label: 'PNG RGBA', file: 'sharp-embedgravitybird.png', manifest: /RGBA/ },
  { label: 'PNG 16-bit', file: 'libvips-sample.png', manifest: /16-bit/ },
  { label: 'WebP lossy', file: 'sharp-4.webp', manifest: /VP8 encoding/ },
  { label: 'GIF', file: 'sharp-Crash_test.gif', manifest: /GIF image data/ },
  { label: 'AVIF with irot', file: 'pillow-avif_rot1mir0.avif', manifest: /AVIF/ },
  { label: 'TIFF', file: 'sharp-uncompressed_tiff.tiff', manifest: /TIFF image data/ },
];

/** Normalised units: one 8-bit level is about 0.015, so 0.02 mean is about 1.3 levels. */
const PILLOW_MEAN_TOLERANCE = 0.02;
const PILLOW_MAX_TOLERANCE = 0.5;
/** transformers.js may differ from us only as much as it differs from Pillow itself, plus slack. */
const TRANSFORMERS_EXTRA_MEAN = 0.02;

interface Difference {
  mean: number;
  max: number;
}

const sharedPresent = existsSync(PHOTOS) && existsSync(MANIFEST);
if (!sharedPresent) {
  console.warn(`SKIPPED preprocess-golden: ${PHOTOS} or ${MANIFEST} is missing (../shared not checked out?)`);
}
const describeShared = sharedPresent ? describe : describe.skip;

describeShared('CLIP preprocessing matches the reference', () => {
  const config = parsePreprocessorConfig(OPENAI_PREPROCESSOR_JSON);
  const processor = new CLIPImageProcessor(OPENAI_PREPROCESSOR_JSON);
  const rows = new Map<string, string[]>();
  const results: {
    label: string;
    file: string;
    size: string;
    vsPillow: Difference;
    vsTransformersJs: Difference;
    pillowVsTransformersJs: Difference;
  }[] = [];

  beforeAll(() => {
    const lines = readFileSync(MANIFEST, 'utf8').split('\n');
    for (const line of lines.slice(1)) {
      const cells = line.split('\t');
      if (cells[0] === 'photos') rows.set(cells[1], cells);
    }
  });

  afterAll(() => {
    if (results.length === 0) return;
    const overall = (key: 'vsPillow' | 'vsTransformersJs' | 'pillowVsTransformersJs'): Difference => ({
      mean: results.reduce((sum, row) => sum + row[key].mean, 0) / results.length,
      max: Math.max(...results.map((row) => row[key].max)),
    });
    const report = {
      reference: '@huggingface/transformers CLIPImageProcessor, openai/clip-vit-base-patch32 config',
      units: 'normalised tensor values (one 8-bit level ~ 0.015)',
      images: results,
      overall: {
        vsPillow: overall('vsPillow'),
        vsTransformersJs: overall('vsTransformersJs'),
        pillowVsTransformersJs: overall('pillowVsTransformersJs'),
      },
    };
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    const table = results.map((row) => ({
      image: row.label,
      size: row.size,
      'vs pillow mean/max': `${row.vsPillow.mean.toFixed(4)} / ${row.vsPillow.max.toFixed(3)}`,
      'vs transformers.js mean/max': `${row.vsTransformersJs.mean.toFixed(4)} / ${row.vsTransformersJs.max.toFixed(3)}`,
      'pillow vs transformers.js mean': row.pillowVsTransformersJs.mean.toFixed(4),
    }));
    console.log(`preprocess golden (${REPORT})\n${JSON.stringify(report.overall)}`);
    console.table(table);
  });

  it('parses the OpenAI preprocessor_config.json into OPENAI_CLIP_PREPROCESS', () => {
    expect(config).toEqual({ ...OPENAI_CLIP_PREPROCESS, rescaleFactor: OPENAI_PREPROCESSOR_JSON.rescale_factor });
  });

  it.each(CASES)('$label ($file)', async ({ label, file, manifest }) => {
    const row = rows.get(file);
    expect(row).toBeDefined();
    expect(`${row?.[7]} ${row?.[8]}`).toMatch(manifest);
    const bytes = readFileSync(path.join(PHOTOS, file));

    const prepared = await prepareImage(bytes, config, DEFAULT_IMAGE_LIMITS);
    expect(prepared.frames).toHaveLength(1);
    const ours = prepared.frames[0];

    const decoded = flattenOntoWhite(await RawImage.fromBlob(new Blob([bytes])));
    // Both sides must agree on the upright size before pixels are compared.
    expect([decoded.width, decoded.height]).toEqual([prepared.width, prepared.height]);

    const library = (await processor(decoded)).pixel_values.data as Float32Array;
    const [targetWidth, targetHeight] = processor.get_resize_output_image_size(decoded, processor.size);
    const resized = pillowResize(decoded, targetWidth, targetHeight);
    const pillow = (await processor(resized)).pixel_values.data as Float32Array;

    expect(ours).toHaveLength(3 * 224 * 224);
    expect(library).toHaveLength(ours.length);
    const result = {
      label,
      file,
      size: `${prepared.width}x${prepared.height}`,
      vsPillow: difference(ours, pillow),
      vsTransformersJs: difference(ours, library),
      pillowVsTransformersJs: difference(pillow, library),
    };
    results.push(result);

    expect(result.vsPillow.mean).toBeLessThan(PILLOW_MEAN_TOLERANCE);
    expect(result.vsPillow.max).toBeLessThan(PILLOW_MAX_TOLERANCE);
    expect(result.vsTransformersJs.mean).toBeLessThan(result.pillowVsTransformersJs.mean + TRANSFORMERS_EXTRA_MEAN);
  });
});

function difference(a: Float32Array, b: Float32Array): Difference {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { mean: sum / a.length, max };
}

/** RGB copy of the image, alpha composited onto white; images without alpha are returned as they are. */
function flattenOntoWhite(image: RawImage): RawImage {
  if (image.channels === 3 || image.channels === 1) return image;
  const pixels = image.width * image.height;
  const rgb = new Uint8ClampedArray(pixels * 3);
  const colour = image.channels === 4 ? 3 : 1;
  for (let i = 0; i < pixels; i += 1) {
    const alpha = image.data[i * image.channels + colour] / 255;
    for (let c = 0; c < 3; c += 1) {
      const value = image.data[i * image.channels + (colour === 3 ? c : 0)];
      rgb[i * 3 + c] = Math.round(value * alpha + 255 * (1 - alpha));
    }
  }
  return new RawImage(rgb, image.width, image.height, 3);
}

/**
 * Pillow's `Image.resize(size, BICUBIC)` for 8-bit RGB, written out plainly: Catmull-Rom
 * (a = -0.5) with support scaled by the reduction factor, pixel centres at +0.5, weights
 * normalised per output pixel, horizontal pass first and rounding to 8 bits in between.
 */
function pillowResize(image: RawImage, width: number, height: number): RawImage {
  const rgb = image.channels === 3 ? image : image.clone().rgb();
  const horizontal = resampleAxis(rgb.data, rgb.width, rgb.height, width, true);
  const both = resampleAxis(horizontal, width, rgb.height, height, false);
  return new RawImage(both, width, height, 3);
}

function resampleAxis(
  data: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  outSize: number,
  alongX: boolean,
): Uint8ClampedArray {
  const inSize = alongX ? width : height;
  if (inSize === outSize) return Uint8ClampedArray.from(data);
  const outWidth = alongX ? outSize : width;
  const outHeight = alongX ? height : outSize;
  const out = new Uint8ClampedArray(outWidth * outHeight * 3);
  const scale = inSize / outSize;
  const widen = Math.max(scale, 1);
  const support = 2 * widen;
  for (let o = 0; o < outSize; o += 1) {
    const centre = (o + 0.5) * scale;
    const first = Math.max(0, Math.trunc(centre - support + 0.5));
    const last = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const weights: number[] = [];
    for (let i = first; i < last; i += 1) weights.push(catmullRom((i - centre + 0.5) / widen));
    const total = weights.reduce((a, b) => a + b, 0);
    const lines = alongX ? height : width;
    for (let line = 0; line < lines; line += 1) {
      for (let c = 0; c < 3; c += 1) {
        let sum = 0;
        for (let k = 0; k < weights.length; k += 1) {
          const i = first + k;
          const index = alongX ? (line * width + i) * 3 + c : (i * width + line) * 3 + c;
          sum += data[index] * weights[k];
        }
        const target = alongX ? (line * outWidth + o) * 3 + c : (o * outWidth + line) * 3 + c;
        out[target] = Math.round(sum / total);
      }
    }
  }
  return out;
}

function catmullRom(x: number): number {
  const t = Math.abs(x);
  if (t < 1) return 1.5 * t * t * t - 2.5 * t * t + 1;
  if (t < 2) return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
  return 0;
}

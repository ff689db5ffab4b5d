import sharp from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import { isModerationError, ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { ClipPreprocessConfig, ResampleFilter } from './clip-preprocess-config';
import { DecodeDeadline } from './deadline';
import { toDecodeError } from './decode-error';
import { decoderOptions } from './decoder-options';
import { ImageLimits } from './image-limits';
import { computeAxisTaps, resampleRgb8, Rgb8Image } from './pil-resample';
import { ImageHeader } from './read-image-header';
import { ResizeGeometry, visibleWindow } from './resize-geometry';
import { PDQ_MAX_SIDE } from './pdq-frame';
import { toChwTensor } from './to-chw-tensor';

/** Everything needed to turn one frame of an upload into a tensor. */
export interface FrameJob {
  input: Buffer;
  header: ImageHeader;
  /** Page of an animation; undefined for a still image. */
  page: number | undefined;
  /** Resize and crop, computed from the upright header size. */
  geometry: ResizeGeometry;
  config: ClipPreprocessConfig;
  limits: ImageLimits;
  deadline: DecodeDeadline;
  /**
   * Also return the whole picture the tensor is cut from (the resized image, or the upright source
   * where it is not reduced), for hashes that need all of it: one decode serves both.
   */
  keepPicture?: boolean;
}

/** A frame's tensor, and the picture it was cut from when the job asked for it. */
export interface RenderedFrame {
  tensor: Float32Array;
  picture: Rgb8Image | undefined;
}

/**
 * libvips kernels for reductions. 'cubic' is Catmull-Rom (B=0, C=0.5), the same cubic as Pillow's
 * BICUBIC (a = -0.5), and libvips widens it with the reduction factor like Pillow does; measured
 * against a Pillow re-implementation it beat mitchell, lanczos2/3 and linear on every photo tried.
 */
const REDUCE_KERNELS: Readonly<Record<ResampleFilter, 'cubic' | 'linear' | 'nearest'>> = {
  bicubic: 'cubic',
  bilinear: 'linear',
  nearest: 'nearest',
};

const WHITE = { r: 255, g: 255, b: 255 };

/**
 * Decodes one frame and returns its CHW tensor.
 *
 * Reductions run in libvips (fast, streams large files, JPEG shrink-on-load). Enlargements and
 * unresized crops run through the Pillow re-implementation instead: libvips enlarges with a
 * different pixel-centre convention (a visible sub-pixel shift against Pillow), and these images
 * are small on at least one side, so only the pixels the crop needs are decoded and resampled.
 */
export async function renderFrame(job: FrameJob): Promise<RenderedFrame> {
  const { geometry, config, header } = job;
  const reduce =
    config.doResize && (geometry.resizedWidth < geometry.sourceWidth || geometry.resizedHeight < geometry.sourceHeight);
  const stage = job.page === undefined ? 'decode' : `decode frame ${job.page}`;
  let rendered: { window: Rgb8Image; picture: Rgb8Image | undefined };
  try {
    rendered = reduce ? await reduceInLibvips(job, stage) : await resampleLikePillow(job, stage);
  } catch (error) {
    // Prebuilt libvips parses HEIF containers but has no HEVC decoder. Decided from the header,
    // not from the message text: libvips keeps one error buffer for all threads, so under
    // concurrency a message can carry another decode's lines.
    if (header.codec === 'hevc' && !isModerationError(error)) {
      const details = { detected: header.format, codec: header.codec, allowed: [...job.limits.allowedFormats] };
      const message = 'HEVC-coded HEIF images cannot be decoded here';
      throw new ModerationError(ModerationErrorCode.ImageUnsupportedFormat, message, details, { cause: error });
    }
    throw toDecodeError(error, { format: header.format, stage });
  }
  job.deadline.check(stage);
  return { tensor: toChwTensor(rendered.window, geometry, config), picture: rendered.picture };
}

async function reduceInLibvips(job: FrameJob, stage: string): Promise<{ window: Rgb8Image; picture: Rgb8Image | undefined }> {
  const { geometry } = job;
  const window = visibleWindow(geometry);
  const toModelSize = {
    width: geometry.resizedWidth,
    height: geometry.resizedHeight,
    fit: 'fill',
    kernel: REDUCE_KERNELS[job.config.resample],
    // Scaled decoding (libjpeg DCT scaling beyond 2x the target, libwebp's scaler) drifts from
    // the reference; without it sharp still shrinks JPEGs on load but leaves 2x for the kernel.
    fastShrinkOnLoad: false,
  } as const;
  if (!job.keepPicture) {
    const pipeline = basePipeline(job).resize(toModelSize).extract(window);
    return { window: await readRgb8(pipeline, window.width, window.height, job.deadline, stage), picture: undefined };
  }
  // One decode serves the model and the hash: the picture shrunk to fit the size PDQ hashes at
  // (JPEG scaled on load, which still leaves more than the model needs), then the model's resize
  // from those pixels. Pictures already that small are decoded as they are.
  const { width: pictureWidth, height: pictureHeight } = sharedPictureSize(geometry);
  const shrunk = pictureWidth < geometry.sourceWidth || pictureHeight < geometry.sourceHeight;
  const decoded = shrunk
    ? basePipeline(job).resize({
        width: pictureWidth,
        height: pictureHeight,
        fit: 'fill',
        kernel: REDUCE_KERNELS[job.config.resample],
        // JPEG's DCT scaling still leaves the picture above the model's size; libwebp's scaler
        // drifts from the reference (measured by the preprocessing golden test), so not WebP.
        fastShrinkOnLoad: job.header.format === 'jpeg',
      })
    : basePipeline(job);
  const picture = await readRgb8(decoded, pictureWidth, pictureHeight, job.deadline, stage);
  job.deadline.check(stage);
  const fromPicture = sharp(picture.data, { raw: { width: pictureWidth, height: pictureHeight, channels: 3 } })
    .timeout({ seconds: job.deadline.sharpTimeoutSeconds() })
    .resize(toModelSize)
    .extract(window);
  return { window: await readRgb8(fromPicture, window.width, window.height, job.deadline, stage), picture };
}

/**
 * Margin kept above the model's size when the shared picture is resized to it: two resizes close
 * to each other blur more than one (a 9 MP panorama missed the golden test's bounds without it).
 */
const MODEL_SIZE_MARGIN = 1.25;

/**
 * The size of the picture decoded once for the hash and the model: fitting 512 x 512 for PDQ, but
 * never closer than {@link MODEL_SIZE_MARGIN} to the model's resize (very wide or tall pictures;
 * the hash then shrinks its copy to 512), and never larger than the source.
 */
function sharedPictureSize(geometry: ResizeGeometry): { width: number; height: number } {
  const { sourceWidth, sourceHeight, resizedWidth, resizedHeight } = geometry;
  const forHash = Math.min(1, PDQ_MAX_SIDE / Math.max(sourceWidth, sourceHeight));
  const forModel = Math.max((resizedWidth * MODEL_SIZE_MARGIN) / sourceWidth, (resizedHeight * MODEL_SIZE_MARGIN) / sourceHeight);
  const scale = Math.min(1, Math.max(forHash, forModel));
  return { width: Math.max(1, Math.round(sourceWidth * scale)), height: Math.max(1, Math.round(sourceHeight * scale)) };
}

async function resampleLikePillow(job: FrameJob, stage: string): Promise<{ window: Rgb8Image; picture: Rgb8Image | undefined }> {
  const { geometry, config } = job;
  const window = visibleWindow(geometry);
  const horizontal =
    geometry.resizedWidth !== geometry.sourceWidth
      ? computeAxisTaps(geometry.sourceWidth, geometry.resizedWidth, window.left, window.width, config.resample)
      : null;
  const vertical =
    geometry.resizedHeight !== geometry.sourceHeight
      ? computeAxisTaps(geometry.sourceHeight, geometry.resizedHeight, window.top, window.height, config.resample)
      : null;
  // Decode only the source pixels the taps reach (or the crop itself on an unresized axis).
  const left = horizontal ? horizontal.spanStart : window.left;
  const top = vertical ? vertical.spanStart : window.top;
  const width = horizontal ? horizontal.spanEnd - horizontal.spanStart : window.width;
  const height = vertical ? vertical.spanEnd - vertical.spanStart : window.height;
  let source: Rgb8Image;
  let picture: Rgb8Image | undefined;
  if (job.keepPicture) {
    // Not reduced: with resizing on, the short side is below the model's input size, so the whole
    // picture is small and decoding it whole costs about what the span costs.
    picture = await readRgb8(basePipeline(job), geometry.sourceWidth, geometry.sourceHeight, job.deadline, stage);
    source = cropRgb8(picture, left, top, width, height);
  } else {
    source = await readRgb8(basePipeline(job).extract({ left, top, width, height }), width, height, job.deadline, stage);
  }
  job.deadline.check(stage);
  return { window: resampleRgb8(source, left, top, horizontal, vertical), picture };
}

/** A rectangle of an image, copied row by row. */
function cropRgb8(image: Rgb8Image, left: number, top: number, width: number, height: number): Rgb8Image {
  if (left === 0 && top === 0 && width === image.width && height === image.height) return image;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const start = ((top + y) * image.width + left) * 3;
    data.set(image.data.subarray(start, start + width * 3), y * width * 3);
  }
  return { data, width, height };
}

/** Decode, orient, flatten alpha onto white, convert to 8-bit sRGB (ICC, CMYK, 16-bit, grey, palette). */
function basePipeline(job: FrameJob): Sharp {
  return sharp(job.input, decoderOptions(job.limits, job.page))
    .timeout({ seconds: job.deadline.sharpTimeoutSeconds() })
    .flatten({ background: WHITE })
    .toColourspace('srgb')
    .removeAlpha();
}

async function readRgb8(
  pipeline: Sharp,
  expectedWidth: number,
  expectedHeight: number,
  deadline: DecodeDeadline,
  stage: string,
): Promise<Rgb8Image> {
  const { data, info } = await deadline.race(pipeline.raw().toBuffer({ resolveWithObject: true }), stage);
  if (info.width !== expectedWidth || info.height !== expectedHeight) {
    // The header promised another size; better to refuse than to build a misaligned tensor.
    throw new ModerationError(ModerationErrorCode.ImageCorrupt, 'The decoded image does not match its header', {
      stage,
      expected: { width: expectedWidth, height: expectedHeight },
      decoded: { width: info.width, height: info.height },
    });
  }
  return { data: toRgb(data, info), width: info.width, height: info.height };
}

/** sharp should already give 3 channels; greyscale or stray alpha are handled rather than trusted. */
function toRgb(data: Buffer, info: OutputInfo): Uint8Array {
  const pixels = info.width * info.height;
  if (info.channels === 3 && data.length === pixels * 3) {
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  }
  if ((info.channels !== 1 && info.channels !== 2 && info.channels !== 4) || data.length !== pixels * info.channels) {
    throw new ModerationError(ModerationErrorCode.ImageCorrupt, 'The decoder returned an unexpected pixel layout', {
      channels: info.channels,
      bytes: data.length,
    });
  }
  const rgb = new Uint8Array(pixels * 3);
  const grey = info.channels < 3;
  for (let i = 0; i < pixels; i += 1) {
    const source = i * info.channels;
    rgb[i * 3] = data[source];
    rgb[i * 3 + 1] = grey ? data[source] : data[source + 1];
    rgb[i * 3 + 2] = grey ? data[source] : data[source + 2];
  }
  return rgb;
}

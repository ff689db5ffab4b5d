import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { DEFAULT_ALLOWED_FORMATS, ImageFormat, isImageFormat } from './image-format';

/** Bounds applied to every upload before and while it is decoded. */
export interface ImageLimits {
  /** Largest accepted upload, in bytes; checked before any decoder runs. */
  maxBytes: number;
  /** Largest accepted width x height (per frame), as declared by the file header. */
  maxPixels: number;
  /** Most frames of an animation that are decoded and scored. */
  maxFrames: number;
  /** Wall-clock budget for the whole decode and preprocessing of one upload. */
  decodeTimeoutMs: number;
  /** Formats accepted, checked against the magic bytes. */
  allowedFormats: readonly ImageFormat[];
}

/** 20 MiB, 50 megapixels, 8 frames, 10 seconds, every supported format. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxFrames: 8,
  decodeTimeoutMs: 10_000,
  allowedFormats: DEFAULT_ALLOWED_FORMATS,
});

/** sharp accepts timeouts up to an hour; a longer budget is a configuration mistake. */
const MAX_TIMEOUT_MS = 3_600_000;

/**
 * Checks limits supplied by configuration code. Limits come from the operator, not the uploader,
 * so a bad value is a ConfigInvalid error listing every bad key.
 */
export function assertValidImageLimits(limits: ImageLimits): void {
  const problems: { key: string; reason: string }[] = [];
  const positiveInteger = (key: keyof ImageLimits, value: unknown, max = Number.MAX_SAFE_INTEGER): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      problems.push({ key, reason: `must be an integer between 1 and ${max}` });
    }
  };
  if (typeof limits !== 'object' || limits === null) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Image limits are missing', {
      problems: [{ key: 'limits', reason: 'must be an object' }],
    });
  }
  positiveInteger('maxBytes', limits.maxBytes);
  positiveInteger('maxPixels', limits.maxPixels);
  positiveInteger('maxFrames', limits.maxFrames, 1000);
  positiveInteger('decodeTimeoutMs', limits.decodeTimeoutMs, MAX_TIMEOUT_MS);
  const formats: unknown = limits.allowedFormats;
  if (!Array.isArray(formats) || !formats.every(isImageFormat)) {
    problems.push({ key: 'allowedFormats', reason: `must be a list of ${DEFAULT_ALLOWED_FORMATS.join(', ')}` });
  }
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Invalid image limits', { problems });
  }
}

import { ModerationError, ModerationErrorDetails } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';

/** Message fragments of sharp/libvips failures that are not corruption, checked in order. */
const RULES: readonly { pattern: RegExp; code: ModerationErrorCode; message: string }[] = [
  {
    pattern: /exceeds pixel limit|security limit exceeded/i,
    code: ModerationErrorCode.ImageTooManyPixels,
    message: 'The image has more pixels than allowed',
  },
  {
    pattern: /^timeout|\btimeout: \d+% complete/im,
    code: ModerationErrorCode.ImageDecodeTimeout,
    message: 'Decoding the image took too long',
  },
  {
    pattern: /unsupported image format|operation is blocked/i,
    code: ModerationErrorCode.ImageUnsupportedFormat,
    message: 'The decoder does not support this image',
  },
  {
    // A codec the build lacks (12-bit JPEG, old-style JPEG in TIFF, …), or more bands than sharp
    // accepts: the file is not corrupt, it is encoded in a way this server does not decode.
    pattern: /has not been built in|unsupported codec|unsupported feature|exceeds channel limit|unsupported JPEG data precision|compression (support|method) is not configured/i,
    code: ModerationErrorCode.ImageUnsupportedFormat,
    message: 'The image uses a codec or layout this server cannot decode',
  },
];

/**
 * Turns whatever sharp/libvips threw into a ModerationError with an image code. libvips reports
 * errors as text only, so this matches on message fragments; anything unrecognised is treated as
 * a corrupt image, which is the safe reading for bytes that already passed the format allow-list.
 * libvips shares one error buffer between threads, so under concurrency a message may include
 * lines from another decode; the mapping is best effort, and always yields an image code.
 * The decoder's own words stay in the error's `cause` (see {@link decoderMessageOf}), for logs:
 * they describe libvips' internals, not anything a caller can act on.
 */
export function toDecodeError(error: unknown, details: ModerationErrorDetails): ModerationError {
  if (error instanceof ModerationError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const rule = RULES.find(({ pattern }) => pattern.test(text));
  if (rule) return new ModerationError(rule.code, rule.message, details, { cause: error });
  const message = 'The image could not be decoded (corrupt or truncated)';
  return new ModerationError(ModerationErrorCode.ImageCorrupt, message, details, { cause: error });
}

/** The decoder's last message line behind an image error (capped), for logs; undefined when there is none. */
export function decoderMessageOf(error: ModerationError<string>): string | undefined {
  const cause = error.cause;
  if (!(cause instanceof Error)) return undefined;
  // libvips stacks messages oldest first; the last line is the one that says what finally failed.
  const lines = cause.message.split('\n').filter((line) => line.trim() !== '');
  return lines.length === 0 ? undefined : lines[lines.length - 1]!.slice(0, 300);
}

import type { SharpOptions } from 'sharp';
import { ImageLimits } from './image-limits';

/**
 * sharp constructor options used for every untrusted decode.
 * - `failOn: 'error'`: truncated or corrupt pixel data aborts instead of yielding grey fill, while
 *   harmless libjpeg warnings (extraneous bytes before a marker, common in camera files) pass;
 *   'warning' refused such ordinary photos, 'truncated' let bad IDAT CRCs and short TIFF strips through.
 * - `limitInputPixels`: libvips refuses oversized images from the header, before allocating.
 * - `sequentialRead`: stream top to bottom, so memory stays near a few scanlines per operation.
 * - `autoOrient`: apply EXIF orientation, so the tensor matches what people see.
 */
export function decoderOptions(limits: ImageLimits, page?: number): SharpOptions {
  const options: SharpOptions = {
    failOn: 'error',
    limitInputPixels: limits.maxPixels,
    sequentialRead: true,
    autoOrient: true,
  };
  if (page !== undefined) {
    options.page = page;
    options.pages = 1;
  }
  return options;
}

import { ClipPreprocessConfig } from './clip-preprocess-config';

/** Where the output tensor sits on the resized image, following Hugging Face's CLIPImageProcessor. */
export interface ResizeGeometry {
  /** Upright (EXIF-oriented) source size. */
  sourceWidth: number;
  sourceHeight: number;
  /** Size after the shortest-edge resize (the source size when `doResize` is off). */
  resizedWidth: number;
  resizedHeight: number;
  /** Output tensor size: the crop size, or the resized size when `doCenterCrop` is off. */
  outputWidth: number;
  outputHeight: number;
  /**
   * Resized-image coordinate of output pixel (0, 0). Negative when the crop is larger than the
   * resized image; output pixels that fall outside the resized image are zero padding.
   */
  offsetX: number;
  offsetY: number;
}

/** The part of the resized image that lands in the output: offset and size, never empty. */
export interface VisibleWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Computes the resize and crop. Mirrors the Python reference on purpose:
 * `get_resize_output_image_size(default_to_square=False)` keeps the short side at `shortestEdge`
 * and truncates the long side (`int(size * long / short)`), and `center_crop` starts at
 * `(size - crop) // 2`, padding with zeros when the crop is larger than the image.
 */
export function computeResizeGeometry(
  sourceWidth: number,
  sourceHeight: number,
  config: ClipPreprocessConfig,
): ResizeGeometry {
  let resizedWidth = sourceWidth;
  let resizedHeight = sourceHeight;
  if (config.doResize) {
    const edge = config.shortestEdge;
    if (sourceWidth <= sourceHeight) {
      resizedWidth = edge;
      resizedHeight = Math.floor((edge * sourceHeight) / sourceWidth);
    } else {
      resizedHeight = edge;
      resizedWidth = Math.floor((edge * sourceWidth) / sourceHeight);
    }
  }
  const outputWidth = config.doCenterCrop ? config.cropSize.width : resizedWidth;
  const outputHeight = config.doCenterCrop ? config.cropSize.height : resizedHeight;
  return {
    sourceWidth,
    sourceHeight,
    resizedWidth,
    resizedHeight,
    outputWidth,
    outputHeight,
    // Math.floor matches Python's floor division for the negative (padding) case as well.
    offsetX: Math.floor((resizedWidth - outputWidth) / 2),
    offsetY: Math.floor((resizedHeight - outputHeight) / 2),
  };
}

/** The rectangle of the resized image that the output shows. */
export function visibleWindow(geometry: ResizeGeometry): VisibleWindow {
  const left = Math.max(0, geometry.offsetX);
  const top = Math.max(0, geometry.offsetY);
  const right = Math.min(geometry.resizedWidth, geometry.offsetX + geometry.outputWidth);
  const bottom = Math.min(geometry.resizedHeight, geometry.offsetY + geometry.outputHeight);
  return { left, top, width: right - left, height: bottom - top };
}

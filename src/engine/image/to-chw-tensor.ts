import { ClipPreprocessConfig } from './clip-preprocess-config';
import { Rgb8Image } from './pil-resample';
import { ResizeGeometry, visibleWindow } from './resize-geometry';

/**
 * Builds the planar (CHW) float32 tensor from the visible window of the resized image: rescale,
 * then normalise, per channel. Output pixels outside the window are the zero padding of the
 * reference centre crop, which is applied before rescaling, so they hold the transform of 0.
 */
export function toChwTensor(window: Rgb8Image, geometry: ResizeGeometry, config: ClipPreprocessConfig): Float32Array {
  const { outputWidth, outputHeight } = geometry;
  const plane = outputWidth * outputHeight;
  const tensor = new Float32Array(plane * 3);
  // 256 values per channel: a lookup keeps the per-pixel work to a copy and computes each value
  // exactly once, in double precision, like the reference.
  const red = channelLookup(0, config);
  const green = channelLookup(1, config);
  const blue = channelLookup(2, config);
  tensor.fill(red[0]!, 0, plane);
  tensor.fill(green[0]!, plane, 2 * plane);
  tensor.fill(blue[0]!, 2 * plane, 3 * plane);
  const visible = visibleWindow(geometry);
  const destX = visible.left - geometry.offsetX;
  const destY = visible.top - geometry.offsetY;
  const pixels = window.data;
  for (let y = 0; y < window.height; y += 1) {
    let source = y * window.width * 3;
    let dest = (destY + y) * outputWidth + destX;
    const end = dest + window.width;
    // One pass per row, each channel written to its own plane: a copy through three lookups.
    for (; dest < end; dest += 1, source += 3) {
      tensor[dest] = red[pixels[source]!]!;
      tensor[plane + dest] = green[pixels[source + 1]!]!;
      tensor[2 * plane + dest] = blue[pixels[source + 2]!]!;
    }
  }
  return tensor;
}

function channelLookup(channel: number, config: ClipPreprocessConfig): Float32Array {
  const lookup = new Float32Array(256);
  for (let value = 0; value < 256; value += 1) {
    let v = config.doRescale ? value * config.rescaleFactor : value;
    if (config.doNormalize) v = (v - config.mean[channel]) / config.std[channel];
    lookup[value] = v;
  }
  return lookup;
}

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
  const lookups = [0, 1, 2].map((channel) => channelLookup(channel, config));
  for (let channel = 0; channel < 3; channel += 1) {
    tensor.fill(lookups[channel][0], channel * plane, (channel + 1) * plane);
  }
  const visible = visibleWindow(geometry);
  const destX = visible.left - geometry.offsetX;
  const destY = visible.top - geometry.offsetY;
  for (let y = 0; y < window.height; y += 1) {
    for (let x = 0; x < window.width; x += 1) {
      const source = (y * window.width + x) * 3;
      const dest = (destY + y) * outputWidth + destX + x;
      tensor[dest] = lookups[0][window.data[source]];
      tensor[plane + dest] = lookups[1][window.data[source + 1]];
      tensor[2 * plane + dest] = lookups[2][window.data[source + 2]];
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

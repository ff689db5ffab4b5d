/** Resampling filters, named as PIL names them (the reference CLIP preprocessing uses PIL). */
export type ResampleFilter = 'bicubic' | 'bilinear' | 'nearest';

/**
 * How an image becomes a CLIP input tensor; the fields mirror a Hugging Face
 * `preprocessor_config.json` for CLIPImageProcessor.
 */
export interface ClipPreprocessConfig {
  /** Size of the centre crop, the vision model's input size. */
  cropSize: { height: number; width: number };
  /** The shorter image side is resized to this, keeping the aspect ratio. */
  shortestEdge: number;
  /** Filter used by the resize. */
  resample: ResampleFilter;
  doResize: boolean;
  doCenterCrop: boolean;
  doRescale: boolean;
  /** Multiplies 8-bit values when `doRescale` (1/255 for CLIP). */
  rescaleFactor: number;
  doNormalize: boolean;
  /** Per-channel (R, G, B) mean subtracted when `doNormalize`. */
  mean: readonly [number, number, number];
  /** Per-channel (R, G, B) divisor applied when `doNormalize`. */
  std: readonly [number, number, number];
}

/** The original OpenAI CLIP preprocessing (ViT-B/32, ViT-B/16, ViT-L/14 at 224 px). */
export const OPENAI_CLIP_PREPROCESS: ClipPreprocessConfig = Object.freeze({
  cropSize: Object.freeze({ height: 224, width: 224 }),
  shortestEdge: 224,
  resample: 'bicubic',
  doResize: true,
  doCenterCrop: true,
  doRescale: true,
  rescaleFactor: 1 / 255,
  doNormalize: true,
  mean: Object.freeze([0.48145466, 0.4578275, 0.40821073] as const),
  std: Object.freeze([0.26862954, 0.26130258, 0.27577711] as const),
});

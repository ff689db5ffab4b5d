/** Width, heads and depth of one transformer tower, as config.json describes it. */
export interface ClipTowerShape {
  readonly width: number;
  readonly heads: number;
  readonly layers: number;
}

/** What a generated model's config.json states about it. */
export interface ClipModelShape {
  readonly embedDim: number;
  readonly imageSize: number;
  readonly patchSize: number;
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly text: ClipTowerShape;
  readonly vision: ClipTowerShape;
}

/** OpenAI CLIP preprocessing (224-style shortest-edge bicubic resize, centre crop, CLIP mean/std) at `imageSize`. */
export function clipPreprocessorConfig(imageSize: number): Record<string, unknown> {
  return {
    crop_size: { height: imageSize, width: imageSize },
    do_center_crop: true,
    do_convert_rgb: true,
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    feature_extractor_type: 'CLIPFeatureExtractor',
    image_mean: [0.48145466, 0.4578275, 0.40821073],
    image_processor_type: 'CLIPImageProcessor',
    image_std: [0.26862954, 0.26130258, 0.27577711],
    resample: 3,
    rescale_factor: 1 / 255,
    size: { shortest_edge: imageSize },
  };
}

/** A CLIPConfig (config.json) describing a generated model of the given shape. */
export function clipModelConfig(shape: ClipModelShape): Record<string, unknown> {
  const tower = (kind: 'text' | 'vision', tower: ClipTowerShape): Record<string, unknown> => ({
    model_type: `clip_${kind}_model`,
    hidden_size: tower.width,
    intermediate_size: tower.width * 4,
    num_attention_heads: tower.heads,
    num_hidden_layers: tower.layers,
    hidden_act: 'quick_gelu',
    layer_norm_eps: 1e-5,
    projection_dim: shape.embedDim,
  });
  return {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: shape.embedDim,
    logit_scale_init_value: 2.6592,
    initializer_factor: 1.0,
    torch_dtype: 'float32',
    text_config: {
      ...tower('text', shape.text),
      vocab_size: shape.vocabSize,
      max_position_embeddings: shape.contextLength,
      bos_token_id: 49406,
      eos_token_id: 49407,
      pad_token_id: 1,
    },
    vision_config: { ...tower('vision', shape.vision), num_channels: 3, image_size: shape.imageSize, patch_size: shape.patchSize },
  };
}

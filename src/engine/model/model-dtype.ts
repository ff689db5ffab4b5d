/**
 * Weight variants a CLIP model folder may ship, as Hugging Face ONNX exports name them:
 * `onnx/vision_model.onnx` is fp32, `onnx/vision_model_fp16.onnx` is fp16, and so on.
 */
export const MODEL_DTYPES = ['fp32', 'fp16', 'quantized', 'q8', 'int8', 'uint8', 'q4', 'bnb4'] as const;

/** One of {@link MODEL_DTYPES}. */
export type ModelDtype = (typeof MODEL_DTYPES)[number];

/** The file-name suffix of a dtype variant: `''` for fp32, `'_fp16'` for fp16, ... */
export function dtypeSuffix(dtype: ModelDtype): string {
  return dtype === 'fp32' ? '' : `_${dtype}`;
}

/** True when `value` names a supported dtype. */
export function isModelDtype(value: string): value is ModelDtype {
  return (MODEL_DTYPES as readonly string[]).includes(value);
}

import { access, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { ModerationError } from '../../errors/moderation-error';
import { ModerationErrorCode } from '../../errors/moderation-error-code';
import { dtypeSuffix } from '../model-dtype';
import { detectModelLayout } from '../model-layout';
import { openSession } from '../onnx-session';
import { readOnnxModel, writeOnnxModel } from './onnx-file';
import { MatMulQuantization, quantizeMatMulWeights } from './quantize-matmuls';

/** One tower written by {@link quantizeModelFolder}. */
export interface QuantizedFile extends MatMulQuantization {
  /** Paths relative to the folder. */
  readonly source: string;
  readonly target: string;
  readonly sourceBytes: number;
  readonly targetBytes: number;
}

/** Options of {@link quantizeModelFolder}. */
export interface QuantizeFolderOptions {
  /** Replace `*_quantized.onnx` files that are already there (the folder's own, or an earlier run's). */
  readonly overwrite?: boolean;
  /** Called before each tower, for progress lines. */
  readonly onFile?: (source: string) => void;
}

/**
 * Writes the `quantized` variant of a model folder that ships only fp32 weights: each tower's
 * constant-weight MatMuls become dynamic int8 (see {@link quantizeMatMulWeights}), next to the
 * fp32 file under the name the loader looks for (`onnx/vision_model_quantized.onnx`, or
 * `visual_quantized.onnx` in the open_clip layout), so `MODERATION_MODEL_DTYPE=quantized` uses
 * them. Each written file is opened with onnxruntime before this returns.
 */
export async function quantizeModelFolder(folder: string, options: QuantizeFolderOptions = {}): Promise<QuantizedFile[]> {
  const files = await detectModelLayout(folder, 'fp32');
  const suffix = dtypeSuffix('quantized');
  const towers = [files.visionModelPath, files.textModelPath].map((source) => ({ source, target: source.replace(/\.onnx$/, `${suffix}.onnx`) }));
  if (!options.overwrite) {
    const present = (await Promise.all(towers.map(async ({ target }) => ((await exists(target)) ? relative(folder, target) : undefined)))).filter(Boolean);
    if (present.length > 0) {
      throw new ModerationError(
        ModerationErrorCode.ConfigInvalid,
        `${folder} already has a quantized variant (${present.join(', ')}); pass --force to replace it.`,
        { folder, present, problems: [{ key: 'folder', reason: 'already quantized' }] },
      );
    }
  }
  const written: QuantizedFile[] = [];
  for (const { source, target } of towers) {
    options.onFile?.(relative(folder, source));
    const model = await readOnnxModel(source);
    const report = quantizeMatMulWeights(model);
    model.producerName = `${model.producerName ?? ''} + clip-moderation dynamic int8`.trim();
    const targetBytes = await writeOnnxModel(target, model);
    const session = await openSession(target, { intraOpThreads: 1, allowSpinning: false });
    await session.release();
    written.push({ ...report, source: relative(folder, source), target: relative(folder, target), sourceBytes: (await stat(source)).size, targetBytes });
  }
  return written;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { ModelDtype, dtypeSuffix } from './model-dtype';

/** The two folder layouts CLIP ONNX exports come in. */
export type ModelLayout = 'huggingface' | 'open-clip';

/** Where each file of a model folder lives, after the layout has been recognised. */
export interface ModelFiles {
  readonly folder: string;
  readonly layout: ModelLayout;
  readonly dtype: ModelDtype;
  readonly visionModelPath: string;
  readonly textModelPath: string;
  /** tokenizer.json, when the folder has one. */
  readonly tokenizerPath?: string;
  /** The original CLIP BPE merges file, used when there is no tokenizer.json. */
  readonly bpeVocabPath?: string;
  readonly preprocessorConfigPath?: string;
  readonly configPath?: string;
}

const BPE_VOCAB_NAMES = ['bpe_simple_vocab_16e6.txt.gz', 'bpe_simple_vocab_16e6.txt'];

/**
 * Recognises a model folder: the Hugging Face ONNX layout (`onnx/vision_model*.onnx`,
 * `onnx/text_model*.onnx`) or the open_clip / clip-as-service layout (`visual.onnx`,
 * `textual.onnx`). A folder that fits neither gets an error listing what it holds.
 */
export async function detectModelLayout(folder: string, dtype: ModelDtype): Promise<ModelFiles> {
  const found = await listFiles(folder);
  const has = (name: string): boolean => found.includes(name);
  const optional = (name: string): string | undefined => (has(name) ? join(folder, name) : undefined);
  const suffix = dtypeSuffix(dtype);
  const bpeVocab = BPE_VOCAB_NAMES.find(has);
  const common = {
    folder,
    dtype,
    tokenizerPath: optional('tokenizer.json'),
    bpeVocabPath: bpeVocab ? join(folder, bpeVocab) : undefined,
    preprocessorConfigPath: optional('preprocessor_config.json'),
    configPath: optional('config.json'),
  };

  const hfVision = `onnx/vision_model${suffix}.onnx`;
  const hfText = `onnx/text_model${suffix}.onnx`;
  if (has(hfVision) && has(hfText)) {
    return { ...common, layout: 'huggingface', visionModelPath: join(folder, hfVision), textModelPath: join(folder, hfText) };
  }
  const ocVision = `visual${suffix}.onnx`;
  const ocText = `textual${suffix}.onnx`;
  if (has(ocVision) && has(ocText)) {
    return { ...common, layout: 'open-clip', visionModelPath: join(folder, ocVision), textModelPath: join(folder, ocText) };
  }

  const variants = availableVariants(found);
  const expected = [`${hfVision} + ${hfText} (Hugging Face ONNX layout)`, `${ocVision} + ${ocText} (open_clip layout)`];
  const dtypeHint = variants.length > 0 ? ` Variants present: ${variants.join(', ')}.` : '';
  throw new ModerationError(
    ModerationErrorCode.ModelLayoutInvalid,
    `Model folder ${folder} does not hold a CLIP model for dtype "${dtype}". Expected ${expected.join(' or ')}; found ${
      found.length === 0 ? 'no files' : found.slice(0, 40).join(', ')
    }.${dtypeHint}`,
    { folder, dtype, expected, found: found.slice(0, 200), variants },
  );
}

/** Every dtype whose vision and text files are both in the folder. */
function availableVariants(found: readonly string[]): string[] {
  const names = new Set(found);
  const variants: string[] = [];
  for (const file of found) {
    const hf = /^onnx\/vision_model(_\w+)?\.onnx$/.exec(file);
    if (hf && names.has(`onnx/text_model${hf[1] ?? ''}.onnx`)) variants.push(hf[1] ? hf[1].slice(1) : 'fp32');
    const oc = /^visual(_\w+)?\.onnx$/.exec(file);
    if (oc && names.has(`textual${oc[1] ?? ''}.onnx`)) variants.push(oc[1] ? oc[1].slice(1) : 'fp32');
  }
  return variants;
}

async function listFiles(folder: string): Promise<string[]> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ModerationError(ModerationErrorCode.ModelNotFound, `Model folder ${folder} does not exist or is not a folder.`, { folder });
  }
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

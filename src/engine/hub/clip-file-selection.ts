import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { type ModelDtype, dtypeSuffix } from '../model/model-dtype';
import type { HubSibling } from './hub-listing';

/** How the repo ships its two towers. */
export type HubClipLayout = 'huggingface' | 'open-clip';

/** The files to fetch for one dtype. */
export interface ClipFileSelection {
  readonly layout: HubClipLayout;
  /** Small files first, so a bad repo fails before the big downloads start. */
  readonly files: readonly HubSibling[];
}

/** Small files a CLIP folder may carry next to the weights; each is fetched when the repo has it. */
export const CLIP_SIDE_FILES: readonly string[] = [
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'open_clip_config.json',
];

interface LayoutPattern {
  readonly layout: HubClipLayout;
  readonly vision: (suffix: string) => string;
  readonly text: (suffix: string) => string;
  /** Captures tower and suffix of any variant, to tell the user what exists. */
  readonly variant: RegExp;
}

// Preference order: the Hugging Face export (what transformers.js and Xenova publish) first.
const LAYOUTS: readonly LayoutPattern[] = [
  {
    layout: 'huggingface',
    vision: (suffix) => `onnx/vision_model${suffix}.onnx`,
    text: (suffix) => `onnx/text_model${suffix}.onnx`,
    variant: /^onnx\/(vision|text)_model(?:_([a-z0-9]+))?\.onnx$/,
  },
  {
    layout: 'open-clip',
    vision: (suffix) => `visual${suffix}.onnx`,
    text: (suffix) => `textual${suffix}.onnx`,
    variant: /^(visual|textual)(?:_([a-z0-9]+))?\.onnx$/,
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `<name>.onnx_data`, `<name>.onnx_data_1`, `<name>.onnx.data`: weights ONNX keeps outside the graph file. */
function externalDataOf(onnxPath: string, siblings: readonly HubSibling[]): HubSibling[] {
  const pattern = new RegExp(`^${escapeRegExp(onnxPath)}(?:_data(?:_\\d+)?|\\.data)$`);
  return siblings.filter((sibling) => pattern.test(sibling.path));
}

/** Variant names (`fp32`, `fp16`, `q4f16`, ...) for which a layout has both towers. */
function variantsOf(pattern: LayoutPattern, paths: ReadonlySet<string>): string[] {
  const towers = new Map<string, Set<string>>();
  for (const path of paths) {
    const match = pattern.variant.exec(path);
    if (match === null) continue;
    const variant = match[2] ?? 'fp32';
    towers.set(variant, (towers.get(variant) ?? new Set()).add(match[1] ?? ''));
  }
  return [...towers].filter(([, found]) => found.size === 2).map(([variant]) => variant).sort();
}

/**
 * Picks the files a CLIP model folder needs for `dtype`: both towers in the first layout that has them,
 * their external-data files, and whichever side files exist. Throws ModelNotFound naming the variants
 * that do exist when the dtype is missing.
 */
export function selectClipFiles(siblings: readonly HubSibling[], dtype: ModelDtype, repoId: string): ClipFileSelection {
  const byPath = new Map(siblings.map((sibling) => [sibling.path, sibling]));
  const paths = new Set(byPath.keys());
  const suffix = dtypeSuffix(dtype);
  // open_clip / clip-as-service exports usually have one file per tower whatever its precision, so
  // their unsuffixed pair is the last resort for any dtype (the loader reads the real input types).
  const candidates = [
    ...LAYOUTS.map((pattern) => ({ pattern, suffix })),
    ...LAYOUTS.filter((pattern) => pattern.layout === 'open-clip' && suffix !== '').map((pattern) => ({ pattern, suffix: '' })),
  ];
  for (const { pattern, suffix: candidate } of candidates) {
    const vision = byPath.get(pattern.vision(candidate));
    const text = byPath.get(pattern.text(candidate));
    if (vision === undefined || text === undefined) continue;
    const side = CLIP_SIDE_FILES.map((path) => byPath.get(path)).filter((file): file is HubSibling => file !== undefined);
    const weights = [text, ...externalDataOf(text.path, siblings), vision, ...externalDataOf(vision.path, siblings)];
    return { layout: pattern.layout, files: [...side, ...weights] };
  }

  const available = LAYOUTS.map((pattern) => ({ layout: pattern.layout, dtypes: variantsOf(pattern, paths) })).filter(
    (entry) => entry.dtypes.length > 0,
  );
  const expected = LAYOUTS.map((pattern) => `${pattern.text(suffix)} + ${pattern.vision(suffix)}`).join(' or ');
  const present =
    available.length === 0
      ? 'It has no CLIP ONNX weights at all (is it an ONNX export?).'
      : `Variants present: ${available.map((entry) => `${entry.dtypes.join(', ')} (${entry.layout} layout)`).join('; ')}.`;
  throw new ModerationError(
    ModerationErrorCode.ModelNotFound,
    `${repoId} has no ${dtype} weights: expected ${expected}. ${present}`,
    { modelId: repoId, dtype, expected, available },
  );
}

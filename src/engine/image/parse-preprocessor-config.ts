import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { ClipPreprocessConfig, OPENAI_CLIP_PREPROCESS, ResampleFilter } from './clip-preprocess-config';

/** PIL's integer filter ids as they appear in `resample`; the others (lanczos, box, hamming) are refused. */
const PIL_RESAMPLE_IDS: Readonly<Record<number, ResampleFilter>> = { 0: 'nearest', 2: 'bilinear', 3: 'bicubic' };
const RESAMPLE_NAMES: readonly ResampleFilter[] = ['bicubic', 'bilinear', 'nearest'];
/** Far beyond any CLIP variant (they top out near 1 K); refuses typos such as 22400. */
const MAX_EDGE = 4096;
const DEFAULT_EDGE = 224;
const EDGE_RULE = `must be an integer from 1 to ${MAX_EDGE}`;

/** One rejected field of a preprocessor config. */
interface FieldProblem {
  field: string;
  reason: string;
  value?: unknown;
}

/**
 * Reads a Hugging Face `preprocessor_config.json` (already parsed) into a {@link ClipPreprocessConfig}.
 * Missing fields take CLIP defaults; `fallbackImageSize` (the vision model's image size) stands in for
 * a missing `size` / `crop_size`. Any invalid value throws ModelLayoutInvalid listing every bad field,
 * because a model folder with a wrong preprocessor would score every image wrongly and silently.
 */
export function parsePreprocessorConfig(json: unknown, fallbackImageSize?: number): ClipPreprocessConfig {
  const problems: FieldProblem[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid([{ field: '(root)', reason: 'must be a JSON object' }]);
  }
  const raw = json as Record<string, unknown>;
  let fallback = DEFAULT_EDGE;
  if (fallbackImageSize !== undefined) {
    if (isEdge(fallbackImageSize)) fallback = fallbackImageSize;
    else problems.push({ field: 'fallbackImageSize', reason: EDGE_RULE, value: fallbackImageSize });
  }

  const shortestEdge = readShortestEdge(raw.size, fallback, problems);
  const cropSize = readCropSize(raw.crop_size, fallbackImageSize !== undefined ? fallback : shortestEdge, problems);
  const config: ClipPreprocessConfig = {
    cropSize,
    shortestEdge,
    resample: readResample(raw.resample, problems),
    doResize: readFlag(raw, 'do_resize', problems),
    doCenterCrop: readFlag(raw, 'do_center_crop', problems),
    doRescale: readFlag(raw, 'do_rescale', problems),
    rescaleFactor: readRescaleFactor(raw.rescale_factor, problems),
    doNormalize: readFlag(raw, 'do_normalize', problems),
    mean: readTriple(raw, 'image_mean', OPENAI_CLIP_PREPROCESS.mean, false, problems),
    std: readTriple(raw, 'image_std', OPENAI_CLIP_PREPROCESS.std, true, problems),
  };
  if (problems.length > 0) throw invalid(problems);
  return config;
}

function invalid(problems: FieldProblem[]): ModerationError {
  const summary = problems.map((problem) => `${problem.field} ${problem.reason}`).join('; ');
  return new ModerationError(ModerationErrorCode.ModelLayoutInvalid, `Invalid preprocessor_config.json: ${summary}`, {
    file: 'preprocessor_config.json',
    problems,
  });
}

function isEdge(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_EDGE;
}

/** `size` is either a bare number (older exports) or `{ shortest_edge }` (current CLIP exports). */
function readShortestEdge(size: unknown, fallback: number, problems: FieldProblem[]): number {
  if (size === undefined || size === null) return fallback;
  if (isEdge(size)) return size;
  if (typeof size === 'object' && !Array.isArray(size)) {
    const edge = (size as Record<string, unknown>).shortest_edge;
    if (isEdge(edge)) return edge;
    // {height, width} means "squash to that size", which CLIP checkpoints never use; refusing it
    // is better than silently resizing differently from the model's training.
    const reason =
      edge === undefined
        ? 'must be a number or contain shortest_edge (a fixed height/width resize is not supported)'
        : `shortest_edge ${EDGE_RULE}`;
    problems.push({ field: 'size', reason, value: size });
    return fallback;
  }
  problems.push({ field: 'size', reason: `${EDGE_RULE} or { shortest_edge }`, value: size });
  return fallback;
}

/** `crop_size` is either a bare number or `{ height, width }`. */
function readCropSize(crop: unknown, fallback: number, problems: FieldProblem[]): { height: number; width: number } {
  if (crop === undefined || crop === null) return { height: fallback, width: fallback };
  if (isEdge(crop)) return { height: crop, width: crop };
  if (typeof crop === 'object' && !Array.isArray(crop)) {
    const { height, width } = crop as Record<string, unknown>;
    if (isEdge(height) && isEdge(width)) return { height, width };
  }
  problems.push({ field: 'crop_size', reason: `${EDGE_RULE} or { height, width }`, value: crop });
  return { height: fallback, width: fallback };
}

function readResample(value: unknown, problems: FieldProblem[]): ResampleFilter {
  if (value === undefined || value === null) return OPENAI_CLIP_PREPROCESS.resample;
  if (typeof value === 'number' && PIL_RESAMPLE_IDS[value] !== undefined) return PIL_RESAMPLE_IDS[value];
  const named = RESAMPLE_NAMES.find((name) => name === value);
  if (named !== undefined) return named;
  problems.push({ field: 'resample', reason: 'must be 3 (bicubic), 2 (bilinear) or 0 (nearest)', value });
  return OPENAI_CLIP_PREPROCESS.resample;
}

function readFlag(raw: Record<string, unknown>, field: string, problems: FieldProblem[]): boolean {
  const value = raw[field];
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  problems.push({ field, reason: 'must be true or false', value });
  return true;
}

function readRescaleFactor(value: unknown, problems: FieldProblem[]): number {
  if (value === undefined || value === null) return OPENAI_CLIP_PREPROCESS.rescaleFactor;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  problems.push({ field: 'rescale_factor', reason: 'must be a positive number', value });
  return OPENAI_CLIP_PREPROCESS.rescaleFactor;
}

/** Mean and std: three numbers (R, G, B), or one number used for all three as HF allows. */
function readTriple(
  raw: Record<string, unknown>,
  field: string,
  fallback: readonly [number, number, number],
  positive: boolean,
  problems: FieldProblem[],
): readonly [number, number, number] {
  const value = raw[field];
  if (value === undefined || value === null) return fallback;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && (!positive || n > 0);
  if (ok(value)) return [value, value, value];
  if (Array.isArray(value) && value.length === 3 && value.every(ok)) return [value[0], value[1], value[2]];
  const reason = positive ? 'must be three positive numbers' : 'must be three finite numbers';
  problems.push({ field, reason, value });
  return fallback;
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { clipModelConfig, clipPreprocessorConfig } from './clip-folder-config';
import { OnnxGraphBuilder, OnnxElementType, attr, onnxDataType, tensor } from './onnx-graph-builder';

/**
 * A tiny CLIP encoder pair whose embeddings mean something on purpose, so engine tests can assert
 * real end-to-end behaviour (a red image matches "something red") in milliseconds.
 *
 * Embedding dims 0,1,2 carry "red", "green", "blue": the vision side puts the CLIP-normalised mean of
 * each colour channel there; the text side adds a (+1,-1,-1)-style vector for each colour word.
 * Every other token only touches dims 3..7, which images never do, so text without a colour word is
 * orthogonal to every image.
 */

export type TinyModelLayout = 'huggingface' | 'open-clip';
export type TinyModelDtype = 'fp32' | 'fp16' | 'quantized';

export interface TinyClipOptions {
  layout: TinyModelLayout;
  /**
   * Weight variants to write; default `['fp32']`. The Hugging Face layout names them
   * `*_fp16.onnx` / `*_quantized.onnx`; the open-clip layout has a single file name per tower,
   * so it accepts exactly one dtype and writes that variant as `visual.onnx` / `textual.onnx`.
   */
  dtypes?: readonly TinyModelDtype[];
  /** Whether the text graph also takes `attention_mask`; default `'ids+mask'`. */
  textInputs?: 'ids' | 'ids+mask';
  /** Element type of the text inputs; default `'int64'`. */
  textIdType?: 'int64' | 'int32';
  /** Square input size of the vision graph; default 224. */
  imageSize?: number;
  /** The CLIP tokenizer.json to read colour token ids from (and copy, in the HF layout). */
  tokenizerJsonPath?: string;
}

/** Where the model was written; `files` are paths relative to `dir`. */
export interface TinyClipModelInfo {
  dir: string;
  files: string[];
  embedDim: number;
}

export const TINY_CLIP_COLOURS = ['red', 'green', 'blue'] as const;

const EMBED_DIM = 8;
const CONTEXT_LENGTH = 77;
const VOCAB_SIZE = 49408;
const START_OF_TEXT = 49406;
const END_OF_TEXT = 49407;
/** Norm of the filler vector each non-colour token gets in dims 3..7. */
const FILLER_NORM = 0.3;
const FILLER_SEED = 0x5eed_c11b;
const DEFAULT_TOKENIZER_JSON = resolve(__dirname, '../../../../shared/clip/tokenizer.json');

interface Names {
  pixels: string;
  ids: string;
  mask: string;
  imageEmbeds: string;
  textEmbeds: string;
  /** Present only in the HF layout, which exports hidden states next to the embeddings. */
  hidden?: string;
  visionFile: (dtype: TinyModelDtype) => string;
  textFile: (dtype: TinyModelDtype) => string;
}

const HF_SUFFIX: Readonly<Record<TinyModelDtype, string>> = { fp32: '', fp16: '_fp16', quantized: '_quantized' };

const LAYOUT_NAMES: Readonly<Record<TinyModelLayout, Names>> = {
  huggingface: {
    pixels: 'pixel_values',
    ids: 'input_ids',
    mask: 'attention_mask',
    imageEmbeds: 'image_embeds',
    textEmbeds: 'text_embeds',
    hidden: 'last_hidden_state',
    visionFile: (dtype) => `onnx/vision_model${HF_SUFFIX[dtype]}.onnx`,
    textFile: (dtype) => `onnx/text_model${HF_SUFFIX[dtype]}.onnx`,
  },
  'open-clip': {
    pixels: 'image',
    ids: 'text',
    mask: 'attention_mask',
    imageEmbeds: 'output',
    textEmbeds: 'output',
    visionFile: () => 'visual.onnx',
    textFile: () => 'textual.onnx',
  },
};

interface ResolvedOptions {
  layout: TinyModelLayout;
  dtypes: readonly TinyModelDtype[];
  withMask: boolean;
  idType: 'int64' | 'int32';
  imageSize: number;
  tokenizerJsonPath: string;
}

function resolveOptions(options: TinyClipOptions): ResolvedOptions {
  const dtypes: TinyModelDtype[] = [...new Set<TinyModelDtype>(options.dtypes ?? ['fp32'])];
  if (dtypes.length === 0) throw new Error('dtypes must name at least one variant');
  if (options.layout === 'open-clip' && dtypes.length > 1) {
    throw new Error('the open-clip layout has one file per tower, so it takes exactly one dtype');
  }
  const imageSize = options.imageSize ?? 224;
  if (!Number.isInteger(imageSize) || imageSize < 1) throw new Error(`imageSize must be a positive integer, got ${imageSize}`);
  return {
    layout: options.layout,
    dtypes,
    withMask: (options.textInputs ?? 'ids+mask') === 'ids+mask',
    idType: options.textIdType ?? 'int64',
    imageSize,
    tokenizerJsonPath: options.tokenizerJsonPath ?? DEFAULT_TOKENIZER_JSON,
  };
}

/** Writes the tiny model folder and lists what it wrote. */
export async function writeTinyClipModel(dir: string, options: TinyClipOptions): Promise<TinyClipModelInfo> {
  const resolved = resolveOptions(options);
  const names = LAYOUT_NAMES[resolved.layout];
  const tokenizerText = await readFile(resolved.tokenizerJsonPath, 'utf8');
  const table = tokenEmbeddingTable(colourTokenIds(tokenizerText));
  const files: string[] = [];

  for (const dtype of resolved.dtypes) {
    const visionFile = names.visionFile(dtype);
    await writeBytes(join(dir, visionFile), buildVisionGraph(names, dtype, resolved.imageSize).toBytes());
    files.push(visionFile);
    const textFile = names.textFile(dtype);
    await writeBytes(join(dir, textFile), buildTextGraph(names, dtype, resolved, table).toBytes());
    files.push(textFile);
  }

  if (resolved.layout === 'huggingface') {
    // Written from the text already read, not copyFile: that would carry over a read-only mode.
    await writeBytes(join(dir, 'tokenizer.json'), Buffer.from(tokenizerText, 'utf8'));
    await writeJson(join(dir, 'preprocessor_config.json'), clipPreprocessorConfig(resolved.imageSize));
    await writeJson(
      join(dir, 'config.json'),
      clipModelConfig({
        embedDim: EMBED_DIM,
        imageSize: resolved.imageSize,
        patchSize: resolved.imageSize,
        vocabSize: VOCAB_SIZE,
        contextLength: CONTEXT_LENGTH,
        text: { width: EMBED_DIM, heads: 1, layers: 1 },
        vision: { width: EMBED_DIM, heads: 1, layers: 1 },
      }),
    );
    files.push('tokenizer.json', 'preprocessor_config.json', 'config.json');
  }
  return { dir, files, embedDim: EMBED_DIM };
}

async function writeBytes(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeBytes(path, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
}

/** The vocabulary ids of `red</w>`, `green</w>`, `blue</w>`, in TINY_CLIP_COLOURS order. */
function colourTokenIds(tokenizerText: string): number[] {
  const parsed: unknown = JSON.parse(tokenizerText);
  const vocab = (parsed as { model?: { vocab?: Record<string, unknown> } }).model?.vocab;
  return TINY_CLIP_COLOURS.map((colour) => {
    const id = vocab?.[`${colour}</w>`];
    if (typeof id !== 'number') throw new Error(`tokenizer.json has no "${colour}</w>" token in model.vocab`);
    return id;
  });
}

/** mulberry32: a tiny seeded PRNG, so the filler vectors are the same on every run and machine. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The [49408, 8] token table holding the planted meaning described at the top of this file. */
function tokenEmbeddingTable(colourIds: readonly number[]): Float32Array {
  const table = new Float32Array(VOCAB_SIZE * EMBED_DIM);
  const random = seededUniform(FILLER_SEED);
  for (let token = 0; token < VOCAB_SIZE; token++) {
    // Draw for every row, even ones overwritten below, so a row's filler depends only on its id.
    const filler = [0, 0, 0, 0, 0].map(() => random() * 2 - 1);
    if (token === START_OF_TEXT || token === END_OF_TEXT) continue; // zero: padding must not move the sum
    const colour = colourIds.indexOf(token);
    const row = token * EMBED_DIM;
    if (colour >= 0) {
      for (let d = 0; d < 3; d++) table[row + d] = d === colour ? 1 : -1;
      continue;
    }
    const norm = Math.hypot(...filler) || 1;
    for (let d = 0; d < filler.length; d++) table[row + 3 + d] = (filler[d] / norm) * FILLER_NORM;
  }
  return table;
}

/**
 * Adds a float weight in the variant's storage and returns the name of a float32 value holding it:
 * fp16 stores half precision and Casts up; quantized stores symmetric int8 and DequantizeLinears.
 */
function weight(graph: OnnxGraphBuilder, name: string, dims: number[], values: Float32Array, dtype: TinyModelDtype): string {
  switch (dtype) {
    case 'fp32':
      return graph.float32(name, dims, values);
    case 'fp16': {
      const stored = graph.float16(`${name}_fp16`, dims, values);
      return graph.op('Cast', [stored], { to: attr.int(onnxDataType('float32')) }, name);
    }
    case 'quantized': {
      const maxAbs = values.reduce((max, v) => Math.max(max, Math.abs(v)), 0) || 1;
      const scale = maxAbs / 127;
      const quantized = Int8Array.from(values, (v) => Math.max(-127, Math.min(127, Math.round(v / scale))));
      const stored = graph.initializer(`${name}_int8`, tensor.int8(dims, quantized));
      const scaleName = graph.float32(`${name}_scale`, [], [scale]);
      const zeroPoint = graph.initializer(`${name}_zero_point`, tensor.int8([], [0]));
      return graph.op('DequantizeLinear', [stored, scaleName, zeroPoint], {}, name);
    }
  }
}

/** Real fp16 exports take and return float16; the other variants keep float32 I/O. */
function ioType(dtype: TinyModelDtype): OnnxElementType {
  return dtype === 'fp16' ? 'float16' : 'float32';
}

function toFloat32(graph: OnnxGraphBuilder, value: string, dtype: TinyModelDtype): string {
  return dtype === 'fp16' ? graph.op('Cast', [value], { to: attr.int(onnxDataType('float32')) }) : value;
}

function fromFloat32(graph: OnnxGraphBuilder, value: string, dtype: TinyModelDtype, outputName: string): string {
  return dtype === 'fp16'
    ? graph.op('Cast', [value], { to: attr.int(onnxDataType('float16')) }, outputName)
    : graph.op('Identity', [value], {}, outputName);
}

/** [3, 8] weights sending channel c to embedding dim `target(c)`. */
function channelProjection(target: (channel: number) => number): Float32Array {
  const values = new Float32Array(3 * EMBED_DIM);
  for (let channel = 0; channel < 3; channel++) values[channel * EMBED_DIM + target(channel)] = 1;
  return values;
}

function buildVisionGraph(names: Names, dtype: TinyModelDtype, size: number): OnnxGraphBuilder {
  const graph = new OnnxGraphBuilder(`tiny_clip_vision_${dtype}`);
  const pixels = graph.input(names.pixels, ioType(dtype), ['batch', 3, size, size]);
  const channelMeans = graph.op('ReduceMean', [toFloat32(graph, pixels, dtype)], {
    axes: attr.ints([2, 3]), // still an attribute in opset 17 (it became an input in 18)
    keepdims: attr.int(0),
  });
  const projection = weight(graph, 'visual_projection', [3, EMBED_DIM], channelProjection((c) => c), dtype);
  const embeds = graph.op('MatMul', [channelMeans, projection]);

  if (names.hidden) {
    // Declared first and built from a different projection (R,G,B into dims 7,6,5), so an engine
    // that picks outputs by position instead of by name gets visibly wrong embeddings.
    const hiddenProjection = weight(graph, 'hidden_projection', [3, EMBED_DIM], channelProjection((c) => 7 - c), dtype);
    const hidden = graph.op('MatMul', [channelMeans, hiddenProjection]);
    const hidden3d = graph.op('Unsqueeze', [hidden, graph.int64Constant([1])]);
    graph.output(fromFloat32(graph, hidden3d, dtype, names.hidden), ioType(dtype), ['batch', 1, EMBED_DIM]);
  }
  graph.output(fromFloat32(graph, embeds, dtype, names.imageEmbeds), ioType(dtype), ['batch', EMBED_DIM]);
  return graph;
}

function buildTextGraph(names: Names, dtype: TinyModelDtype, options: ResolvedOptions, table: Float32Array): OnnxGraphBuilder {
  const graph = new OnnxGraphBuilder(`tiny_clip_text_${dtype}`);
  const ids = graph.input(names.ids, options.idType, ['batch', CONTEXT_LENGTH]);
  const embeddings = weight(graph, 'token_embedding', [VOCAB_SIZE, EMBED_DIM], table, dtype);
  let tokens = graph.op('Gather', [embeddings, ids], { axis: attr.int(0) }); // [batch, 77, 8]

  if (options.withMask) {
    const mask = graph.input(names.mask, options.idType, ['batch', CONTEXT_LENGTH]);
    const maskFloat = graph.op('Cast', [mask], { to: attr.int(onnxDataType('float32')) });
    const mask3d = graph.op('Unsqueeze', [maskFloat, graph.int64Constant([-1])]);
    tokens = graph.op('Mul', [tokens, mask3d]);
  }
  const summed = graph.op('ReduceSum', [tokens, graph.int64Constant([1])], { keepdims: attr.int(0) });

  if (names.hidden) {
    // Declared first for the same reason as in the vision graph; its shape differs too.
    graph.output(fromFloat32(graph, tokens, dtype, names.hidden), ioType(dtype), ['batch', CONTEXT_LENGTH, EMBED_DIM]);
  }
  graph.output(fromFloat32(graph, summed, dtype, names.textEmbeds), ioType(dtype), ['batch', EMBED_DIM]);
  return graph;
}

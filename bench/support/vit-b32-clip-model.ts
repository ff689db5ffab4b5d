import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { clipModelConfig, clipPreprocessorConfig } from '../../test/support/onnx/clip-folder-config';
import { OnnxGraphBuilder, attr, onnxDataType } from '../../test/support/onnx/onnx-graph-builder';

/**
 * A CLIP ViT-B/32 encoder pair with random weights: the exact graph shape and cost of the real
 * model, so benches measure realistic throughput without downloading 600 MB of weights. The
 * embeddings mean nothing; they are only finite.
 */

export interface VitB32ClipModelOptions {
  /** Seed of the weight PRNG; the same seed writes the same bytes. Default 1. */
  seed?: number;
}

/** Bump when the graph or the files change, so stale folders are rebuilt. */
const GENERATOR_VERSION = 1;
const MARKER_FILE = '.vit-b32-clip-model.json';
/** What a complete folder holds besides the marker. */
const FILES = ['onnx/vision_model.onnx', 'onnx/text_model.onnx', 'tokenizer.json', 'preprocessor_config.json', 'config.json'];
const TOKENIZER_JSON = resolve(__dirname, '../../../shared/clip/tokenizer.json');

const IMAGE_SIZE = 224;
const PATCH_SIZE = 32;
const GRID = IMAGE_SIZE / PATCH_SIZE;
const VISION_TOKENS = GRID * GRID + 1; // 49 patches + the class token
const VISION_WIDTH = 768;
const VISION_HEADS = 12;
const VISION_LAYERS = 12;
const TEXT_WIDTH = 512;
const TEXT_HEADS = 8;
const TEXT_LAYERS = 12;
const CONTEXT_LENGTH = 77;
const VOCAB_SIZE = 49408;
const EMBED_DIM = 512;
const MLP_RATIO = 4;
const LAYER_NORM_EPSILON = 1e-5;
const WEIGHT_STD = 0.02;
/** Added to masked attention scores; finite so a fully masked row could never turn into NaN. */
const MASKED_SCORE = -1e9;

/** Writes the model folder (HF layout) unless a complete one from this generator is already there. */
export async function ensureVitB32ClipModel(dir: string, options: VitB32ClipModelOptions = {}): Promise<string> {
  const seed = options.seed ?? 1;
  const marker = { generator: 'vit-b32-clip-model', version: GENERATOR_VERSION, seed };
  if ((await readMarker(dir)) === JSON.stringify(marker) && (await hasFiles(dir))) return dir;

  await rm(join(dir, MARKER_FILE), { force: true });
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const random = new GaussianSource(seed);
  // One tower at a time, so only one set of weights and its encoding are in memory at once.
  await writeAtomically(join(dir, 'onnx/vision_model.onnx'), buildVisionGraph(random).toBytes());
  await writeAtomically(join(dir, 'onnx/text_model.onnx'), buildTextGraph(random).toBytes());
  // Copied by content, not copyFile, which would carry over a read-only mode from the shared folder.
  await writeFile(join(dir, 'tokenizer.json'), await readFile(TOKENIZER_JSON));
  await writeJson(join(dir, 'preprocessor_config.json'), clipPreprocessorConfig(IMAGE_SIZE));
  await writeJson(
    join(dir, 'config.json'),
    clipModelConfig({
      embedDim: EMBED_DIM,
      imageSize: IMAGE_SIZE,
      patchSize: PATCH_SIZE,
      vocabSize: VOCAB_SIZE,
      contextLength: CONTEXT_LENGTH,
      text: { width: TEXT_WIDTH, heads: TEXT_HEADS, layers: TEXT_LAYERS },
      vision: { width: VISION_WIDTH, heads: VISION_HEADS, layers: VISION_LAYERS },
    }),
  );
  await writeJson(join(dir, MARKER_FILE), marker); // last: its presence means the folder is complete
  return dir;
}

async function readMarker(dir: string): Promise<string | undefined> {
  try {
    return JSON.stringify(JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Guards against a folder whose marker survived someone deleting a model file. */
async function hasFiles(dir: string): Promise<boolean> {
  try {
    await Promise.all(FILES.map((file) => access(join(dir, file))));
    return true;
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await writeFile(`${path}.partial`, bytes);
  await rename(`${path}.partial`, path);
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

/**
 * Seeded normal samples written straight into Float32Arrays: mulberry32 uniforms through
 * Box-Muller. About 150 M weights, so this has to be a tight loop, not an array of numbers.
 */
class GaussianSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A Float32Array of `size` samples from N(0, std²). */
  normal(size: number, std: number): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i += 2) {
      const u1 = 1 - this.uniform(); // (0, 1]: keeps log finite
      const u2 = this.uniform();
      const radius = std * Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      out[i] = radius * Math.cos(angle);
      if (i + 1 < size) out[i + 1] = radius * Math.sin(angle);
    }
    return out;
  }

  private uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Adds a random-normal weight and returns its name. */
function randomWeight(graph: OnnxGraphBuilder, random: GaussianSource, name: string, dims: number[]): string {
  return graph.float32(name, dims, random.normal(dims.reduce((a, b) => a * b, 1), WEIGHT_STD));
}

function layerNorm(graph: OnnxGraphBuilder, x: string, name: string, width: number): string {
  const scale = graph.float32(`${name}.weight`, [width], new Float32Array(width).fill(1));
  const bias = graph.float32(`${name}.bias`, [width], new Float32Array(width));
  return graph.op('LayerNormalization', [x, scale, bias], { axis: attr.int(-1), epsilon: attr.float(LAYER_NORM_EPSILON) });
}

/** x·W + b with W stored [in, out], as MatMul wants it. */
function linear(graph: OnnxGraphBuilder, random: GaussianSource, x: string, name: string, inWidth: number, outWidth: number): string {
  const weight = randomWeight(graph, random, `${name}.weight`, [inWidth, outWidth]);
  const bias = graph.float32(`${name}.bias`, [outWidth], new Float32Array(outWidth));
  return graph.op('Add', [graph.op('MatMul', [x, weight]), bias]);
}

interface BlockShape {
  width: number;
  heads: number;
  /** Additive attention mask broadcastable to [batch, heads, tokens, tokens], if any. */
  mask?: string;
}

/** [batch, tokens, width] → [batch, heads, tokens, head] (or [batch, heads, head, tokens] for keys). */
function splitHeads(graph: OnnxGraphBuilder, x: string, shape: BlockShape, perm: number[]): string {
  const reshaped = graph.op('Reshape', [x, graph.int64Constant([0, 0, shape.heads, shape.width / shape.heads])]);
  return graph.op('Transpose', [reshaped], { perm: attr.ints(perm) });
}

function selfAttention(graph: OnnxGraphBuilder, random: GaussianSource, x: string, name: string, shape: BlockShape): string {
  const { width } = shape;
  const q = splitHeads(graph, linear(graph, random, x, `${name}.q_proj`, width, width), shape, [0, 2, 1, 3]);
  const k = splitHeads(graph, linear(graph, random, x, `${name}.k_proj`, width, width), shape, [0, 2, 3, 1]);
  const v = splitHeads(graph, linear(graph, random, x, `${name}.v_proj`, width, width), shape, [0, 2, 1, 3]);
  let scores = graph.op('Mul', [graph.op('MatMul', [q, k]), graph.float32Scalar(1 / Math.sqrt(width / shape.heads))]);
  if (shape.mask) scores = graph.op('Add', [scores, shape.mask]);
  const probs = graph.op('Softmax', [scores], { axis: attr.int(-1) });
  const context = graph.op('Transpose', [graph.op('MatMul', [probs, v])], { perm: attr.ints([0, 2, 1, 3]) });
  const merged = graph.op('Reshape', [context, graph.int64Constant([0, 0, width])]);
  return linear(graph, random, merged, `${name}.out_proj`, width, width);
}

/** CLIP's activation: x·sigmoid(1.702x). */
function quickGelu(graph: OnnxGraphBuilder, x: string): string {
  return graph.op('Mul', [x, graph.op('Sigmoid', [graph.op('Mul', [x, graph.float32Scalar(1.702)])])]);
}

/** One pre-LayerNorm residual block: x + attn(ln1(x)), then + mlp(ln2(·)). */
function transformerBlock(graph: OnnxGraphBuilder, random: GaussianSource, x: string, name: string, shape: BlockShape): string {
  const { width } = shape;
  const attended = graph.op('Add', [x, selfAttention(graph, random, layerNorm(graph, x, `${name}.layer_norm1`, width), `${name}.self_attn`, shape)]);
  const hidden = linear(graph, random, layerNorm(graph, attended, `${name}.layer_norm2`, width), `${name}.mlp.fc1`, width, width * MLP_RATIO);
  const mlp = linear(graph, random, quickGelu(graph, hidden), `${name}.mlp.fc2`, width * MLP_RATIO, width);
  return graph.op('Add', [attended, mlp]);
}

function buildVisionGraph(random: GaussianSource): OnnxGraphBuilder {
  const graph = new OnnxGraphBuilder('clip_vit_b32_vision');
  const pixels = graph.input('pixel_values', 'float32', ['batch', 3, IMAGE_SIZE, IMAGE_SIZE]);

  const patchWeight = randomWeight(graph, random, 'embeddings.patch_embedding.weight', [VISION_WIDTH, 3, PATCH_SIZE, PATCH_SIZE]);
  const patchGrid = graph.op('Conv', [pixels, patchWeight], {
    kernel_shape: attr.ints([PATCH_SIZE, PATCH_SIZE]),
    strides: attr.ints([PATCH_SIZE, PATCH_SIZE]),
  });
  const patchRows = graph.op('Reshape', [patchGrid, graph.int64Constant([0, VISION_WIDTH, -1])]);
  const patches = graph.op('Transpose', [patchRows], { perm: attr.ints([0, 2, 1]) }); // [batch, 49, 768]

  // The class token is one learned vector, broadcast to [batch, 1, 768] for the dynamic batch.
  const classToken = randomWeight(graph, random, 'embeddings.class_embedding', [1, 1, VISION_WIDTH]);
  const batch = graph.op('Shape', [pixels], { start: attr.int(0), end: attr.int(1) });
  const classShape = graph.op('Concat', [batch, graph.int64Constant([1, VISION_WIDTH])], { axis: attr.int(0) });
  const classTokens = graph.op('Expand', [classToken, classShape]);
  const tokens = graph.op('Concat', [classTokens, patches], { axis: attr.int(1) });
  const positions = randomWeight(graph, random, 'embeddings.position_embedding.weight', [VISION_TOKENS, VISION_WIDTH]);

  let x = layerNorm(graph, graph.op('Add', [tokens, positions]), 'pre_layrnorm', VISION_WIDTH);
  const shape: BlockShape = { width: VISION_WIDTH, heads: VISION_HEADS };
  for (let layer = 0; layer < VISION_LAYERS; layer++) {
    x = transformerBlock(graph, random, x, `encoder.layers.${layer}`, shape);
  }
  const lastHidden = graph.op('Identity', [x], {}, 'last_hidden_state');

  const classState = graph.op('Gather', [lastHidden, graph.int64('class_token_index', [], [0])], { axis: attr.int(1) });
  const pooled = layerNorm(graph, classState, 'post_layernorm', VISION_WIDTH);
  const projection = randomWeight(graph, random, 'visual_projection.weight', [VISION_WIDTH, EMBED_DIM]);
  graph.op('MatMul', [pooled, projection], {}, 'image_embeds');

  graph.output('image_embeds', 'float32', ['batch', EMBED_DIM]);
  graph.output('last_hidden_state', 'float32', ['batch', VISION_TOKENS, VISION_WIDTH]);
  return graph;
}

/** [77, 77] additive mask: token i may attend only to tokens 0..i. */
function causalMask(): Float32Array {
  const mask = new Float32Array(CONTEXT_LENGTH * CONTEXT_LENGTH);
  for (let i = 0; i < CONTEXT_LENGTH; i++) {
    for (let j = i + 1; j < CONTEXT_LENGTH; j++) mask[i * CONTEXT_LENGTH + j] = MASKED_SCORE;
  }
  return mask;
}

function buildTextGraph(random: GaussianSource): OnnxGraphBuilder {
  const graph = new OnnxGraphBuilder('clip_vit_b32_text');
  const ids = graph.input('input_ids', 'int64', ['batch', CONTEXT_LENGTH]);
  const attentionMask = graph.input('attention_mask', 'int64', ['batch', CONTEXT_LENGTH]);

  const tokenTable = randomWeight(graph, random, 'embeddings.token_embedding.weight', [VOCAB_SIZE, TEXT_WIDTH]);
  const positions = randomWeight(graph, random, 'embeddings.position_embedding.weight', [CONTEXT_LENGTH, TEXT_WIDTH]);
  let x = graph.op('Add', [graph.op('Gather', [tokenTable, ids], { axis: attr.int(0) }), positions]);

  // Causal mask plus padding mask, built once as [batch, 1, 77, 77] and shared by every layer.
  const keep = graph.op('Cast', [attentionMask], { to: attr.int(onnxDataType('float32')) });
  const padding = graph.op('Mul', [graph.op('Sub', [graph.float32Scalar(1), keep]), graph.float32Scalar(MASKED_SCORE)]);
  const padding4d = graph.op('Unsqueeze', [padding, graph.int64Constant([1, 2])]);
  const causal = graph.float32('causal_mask', [CONTEXT_LENGTH, CONTEXT_LENGTH], causalMask());
  const mask = graph.op('Add', [padding4d, causal]);

  const shape: BlockShape = { width: TEXT_WIDTH, heads: TEXT_HEADS, mask };
  for (let layer = 0; layer < TEXT_LAYERS; layer++) {
    x = transformerBlock(graph, random, x, `encoder.layers.${layer}`, shape);
  }
  const lastHidden = graph.op('Identity', [layerNorm(graph, x, 'final_layer_norm', TEXT_WIDTH)], {}, 'last_hidden_state');

  // CLIP pools at end-of-text, the highest id in the vocabulary, so ArgMax over the ids finds it.
  // ArgMax runs on int32 because onnxruntime's CPU ArgMax has no int64 kernel (HF exports cast too).
  const ids32 = graph.op('Cast', [ids], { to: attr.int(onnxDataType('int32')) });
  const eotIndex = graph.op('ArgMax', [ids32], { axis: attr.int(-1), keepdims: attr.int(1) }); // [batch, 1]
  const pooled = graph.op('GatherND', [lastHidden, eotIndex], { batch_dims: attr.int(1) }); // [batch, 512]
  const projection = randomWeight(graph, random, 'text_projection.weight', [TEXT_WIDTH, EMBED_DIM]);
  graph.op('MatMul', [pooled, projection], {}, 'text_embeds');

  graph.output('text_embeds', 'float32', ['batch', EMBED_DIM]);
  graph.output('last_hidden_state', 'float32', ['batch', CONTEXT_LENGTH, TEXT_WIDTH]);
  return graph;
}

import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { fromFloat16Array, toFloat16Array } from './support/onnx/onnx-graph-builder';
import {
  TINY_CLIP_COLOURS,
  TinyClipOptions,
  TinyModelDtype,
  writeTinyClipModel,
} from './support/onnx/tiny-clip-model';

/**
 * The generated tiny CLIP fixtures are what every engine test stands on, so this checks them with
 * real onnxruntime sessions: names, types, dynamic batch, and the planted colour meaning.
 */

// Real sessions run here because test/support/typed-array-environment.js shares the main realm's typed arrays.
import * as ort from 'onnxruntime-node';

const TOKENIZER_JSON = resolve(__dirname, '../../shared/clip/tokenizer.json');
const ROOT = join(__dirname, '.tmp', `onnx-fixtures-${process.pid}-${Date.now().toString(36)}`);
const DTYPES: readonly TinyModelDtype[] = ['fp32', 'fp16', 'quantized'];
const CONTEXT_LENGTH = 77;
const END_OF_TEXT = 49407;
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];
type Rgb = readonly [number, number, number];
const RGB: Readonly<Record<(typeof TINY_CLIP_COLOURS)[number], Rgb>> = {
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
};

let modelCount = 0;
async function tinyModel(options: TinyClipOptions) {
  return writeTinyClipModel(join(ROOT, `model-${modelCount++}`), options);
}

/** A batch of solid-colour images, CLIP-normalised, in NCHW. */
function colourBatch(colours: readonly Rgb[], size: number): Float32Array {
  const plane = size * size;
  const data = new Float32Array(colours.length * 3 * plane);
  colours.forEach((rgb, image) => {
    for (let channel = 0; channel < 3; channel++) {
      const start = (image * 3 + channel) * plane;
      data.fill((rgb[channel] - MEAN[channel]) / STD[channel], start, start + plane);
    }
  });
  return data;
}

const tokenizer = new Tokenizer(JSON.parse(readFileSync(TOKENIZER_JSON, 'utf8')), {});

/** Token ids padded to 77 with end-of-text, and the matching attention mask. */
function tokenise(prompts: readonly string[]): { ids: number[]; mask: number[] } {
  const ids: number[] = [];
  const mask: number[] = [];
  for (const prompt of prompts) {
    const encoded = tokenizer.encode(prompt).ids.slice(0, CONTEXT_LENGTH);
    for (let i = 0; i < CONTEXT_LENGTH; i++) {
      ids.push(i < encoded.length ? encoded[i] : END_OF_TEXT);
      mask.push(i < encoded.length ? 1 : 0);
    }
  }
  return { ids, mask };
}

function intTensor(type: 'int64' | 'int32', values: readonly number[], rows: number): ort.Tensor {
  const data = type === 'int64' ? BigInt64Array.from(values, (v) => BigInt(v)) : Int32Array.from(values);
  return new ort.Tensor(type, data, [rows, CONTEXT_LENGTH]);
}

/** Output rows as float32 vectors, whatever float type the model returned. */
function rows(value: ort.Tensor): Float32Array[] {
  const flat = value.type === 'float16' ? fromFloat16Array(value.data as Uint16Array) : (value.data as Float32Array);
  const width = value.dims[value.dims.length - 1];
  return Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return dot / Math.sqrt(aa * bb);
}

async function session(path: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path);
}

function inputType(s: ort.InferenceSession, name: string): string | undefined {
  const meta = s.inputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? meta.type : undefined;
}

/** Solid-colour images as the model's pixel input type (float16 models take half-precision bits). */
function imageFeed(s: ort.InferenceSession, input: string, colours: readonly Rgb[], size = 224): ort.Tensor {
  const pixels = colourBatch(colours, size);
  const dims = [colours.length, 3, size, size];
  return inputType(s, input) === 'float16'
    ? new ort.Tensor('float16', toFloat16Array(pixels), dims)
    : new ort.Tensor('float32', pixels, dims);
}

async function embedImages(s: ort.InferenceSession, input: string, output: string, colours: readonly Rgb[], size = 224) {
  return rows((await s.run({ [input]: imageFeed(s, input, colours, size) }))[output]);
}

interface TextNames {
  ids: string;
  mask?: string;
  output: string;
  idType?: 'int64' | 'int32';
}

async function embedTexts(s: ort.InferenceSession, names: TextNames, prompts: readonly string[]) {
  const { ids, mask } = tokenise(prompts);
  const idType = names.idType ?? 'int64';
  const feeds: Record<string, ort.Tensor> = { [names.ids]: intTensor(idType, ids, prompts.length) };
  if (names.mask) feeds[names.mask] = intTensor(idType, mask, prompts.length);
  return rows((await s.run(feeds))[names.output]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => statSync(join(dir, entry)).isFile())
    .map((entry) => relative(dir, join(dir, entry)).split('\\').join('/'))
    .sort();
}

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe('tiny CLIP fixture, Hugging Face layout', () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    ({ dir, files } = await tinyModel({ layout: 'huggingface', dtypes: DTYPES }));
  });

  it('writes every requested variant plus the HF side files', () => {
    const expected = [
      'config.json',
      'onnx/text_model.onnx',
      'onnx/text_model_fp16.onnx',
      'onnx/text_model_quantized.onnx',
      'onnx/vision_model.onnx',
      'onnx/vision_model_fp16.onnx',
      'onnx/vision_model_quantized.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
    ];
    expect([...files].sort()).toEqual(expected);
    expect(filesUnder(dir)).toEqual(expected);
    // Buffer.equals, not toEqual: jest's deep equality walks a multi-megabyte buffer byte by byte.
    expect(readFileSync(join(dir, 'tokenizer.json')).equals(readFileSync(TOKENIZER_JSON))).toBe(true);
  });

  it('writes OpenAI CLIP preprocessing and a CLIP config', () => {
    const pre = JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8'));
    expect(pre).toMatchObject({
      crop_size: { height: 224, width: 224 },
      size: { shortest_edge: 224 },
      do_resize: true,
      do_center_crop: true,
      do_rescale: true,
      do_normalize: true,
      do_convert_rgb: true,
      resample: 3,
      image_mean: MEAN,
      image_std: STD,
    });
    expect(pre.rescale_factor).toBeCloseTo(1 / 255, 10);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'clip',
      projection_dim: 8,
      logit_scale_init_value: 2.6592,
      text_config: { max_position_embeddings: 77 },
      vision_config: { image_size: 224 },
    });
  });

  it('makes each variant byte-different', () => {
    for (const tower of ['vision_model', 'text_model']) {
      const [fp32, fp16, quantized] = ['', '_fp16', '_quantized'].map((s) => readFileSync(join(dir, `onnx/${tower}${s}.onnx`)));
      expect(fp16.equals(fp32)).toBe(false);
      expect(quantized.equals(fp32)).toBe(false);
      expect(quantized.equals(fp16)).toBe(false);
    }
  });

  it.each(DTYPES)('%s: names, types and the planted colour meaning', async (dtype) => {
    const suffix = dtype === 'fp32' ? '' : `_${dtype}`;
    const vision = await session(join(dir, `onnx/vision_model${suffix}.onnx`));
    const text = await session(join(dir, `onnx/text_model${suffix}.onnx`));
    const floatType = dtype === 'fp16' ? 'float16' : 'float32';

    expect(vision.inputNames).toEqual(['pixel_values']);
    expect(vision.outputNames).toEqual(['last_hidden_state', 'image_embeds']);
    expect(vision.inputMetadata[0]).toMatchObject({ type: floatType, shape: ['batch', 3, 224, 224] });
    expect(text.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(text.outputNames).toEqual(['last_hidden_state', 'text_embeds']);
    expect(text.inputMetadata.map((m) => (m.isTensor ? [m.type, m.shape] : null))).toEqual([
      ['int64', ['batch', 77]],
      ['int64', ['batch', 77]],
    ]);

    const [red] = await embedImages(vision, 'pixel_values', 'image_embeds', [RGB.red]);
    expect(red).toHaveLength(8);
    const [redText, blueText, plainText] = await embedTexts(
      text,
      { ids: 'input_ids', mask: 'attention_mask', output: 'text_embeds' },
      ['a photo of something red', 'a photo of something blue', 'a photo of something'],
    );
    expect(cosine(red, redText)).toBeGreaterThan(0.9);
    expect(cosine(red, blueText)).toBeLessThan(0.2);
    expect(Math.abs(cosine(red, plainText))).toBeLessThan(0.05);

    const hidden = (await vision.run({ pixel_values: imageFeed(vision, 'pixel_values', [RGB.red]) })).last_hidden_state;
    expect(hidden.dims).toEqual([1, 1, 8]);
    expect(cosine(rows(hidden)[0], red)).toBeLessThan(0.2); // picking outputs by position is visibly wrong
  });

  it('runs a dynamic batch and matches each colour to its own word', async () => {
    const vision = await session(join(dir, 'onnx/vision_model.onnx'));
    const text = await session(join(dir, 'onnx/text_model.onnx'));
    const images = await embedImages(vision, 'pixel_values', 'image_embeds', [RGB.blue, RGB.red, RGB.green]);
    const texts = await embedTexts(
      text,
      { ids: 'input_ids', mask: 'attention_mask', output: 'text_embeds' },
      TINY_CLIP_COLOURS.map((colour) => `a photo of something ${colour}`),
    );
    const best = images.map((image) => {
      const scores = texts.map((t) => cosine(image, t));
      return TINY_CLIP_COLOURS[scores.indexOf(Math.max(...scores))];
    });
    expect(best).toEqual(['blue', 'red', 'green']);
  });

  it('ignores padding through the attention mask', async () => {
    const text = await session(join(dir, 'onnx/text_model.onnx'));
    const { ids } = tokenise(['red']);
    const junkPadded = ids.map((id, i) => (i < 3 ? id : 1125)); // "photo" in every padded slot
    const mask = ids.map((_, i) => (i < 3 ? 1 : 0));
    const out = await text.run({
      input_ids: intTensor('int64', junkPadded, 1),
      attention_mask: intTensor('int64', mask, 1),
    });
    expect(Array.from(rows(out.text_embeds)[0])).toEqual([1, -1, -1, 0, 0, 0, 0, 0]);
  });
});

describe('tiny CLIP fixture, open-clip layout', () => {
  it.each(DTYPES)('%s: writes only visual.onnx and textual.onnx, which carry the meaning', async (dtype) => {
    const { dir, files } = await tinyModel({ layout: 'open-clip', dtypes: [dtype] });
    expect([...files].sort()).toEqual(['textual.onnx', 'visual.onnx']);
    expect(filesUnder(dir)).toEqual(['textual.onnx', 'visual.onnx']);

    const vision = await session(join(dir, 'visual.onnx'));
    const text = await session(join(dir, 'textual.onnx'));
    expect(vision.inputNames).toEqual(['image']);
    expect(vision.outputNames).toEqual(['output']);
    expect(text.inputNames).toEqual(['text', 'attention_mask']);
    expect(text.outputNames).toEqual(['output']);

    const [red] = await embedImages(vision, 'image', 'output', [RGB.red]);
    const [redText, blueText] = await embedTexts(text, { ids: 'text', mask: 'attention_mask', output: 'output' }, [
      'a photo of something red',
      'a photo of something blue',
    ]);
    expect(cosine(red, redText)).toBeGreaterThan(0.9);
    expect(cosine(red, blueText)).toBeLessThan(0.2);
  });

  it('refuses more than one dtype, since it has one file name per tower', async () => {
    await expect(tinyModel({ layout: 'open-clip', dtypes: ['fp32', 'fp16'] })).rejects.toThrow(/exactly one dtype/);
  });
});

describe('tiny CLIP fixture options', () => {
  it('takes ids only, as int32, at a custom image size', async () => {
    const { dir } = await tinyModel({ layout: 'huggingface', textInputs: 'ids', textIdType: 'int32', imageSize: 32 });
    const vision = await session(join(dir, 'onnx/vision_model.onnx'));
    const text = await session(join(dir, 'onnx/text_model.onnx'));
    expect(vision.inputMetadata[0]).toMatchObject({ shape: ['batch', 3, 32, 32] });
    expect(text.inputNames).toEqual(['input_ids']);
    expect(inputType(text, 'input_ids')).toBe('int32');
    expect(JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8')).crop_size).toEqual({ height: 32, width: 32 });

    const [green] = await embedImages(vision, 'pixel_values', 'image_embeds', [RGB.green], 32);
    const [greenText, redText] = await embedTexts(text, { ids: 'input_ids', output: 'text_embeds', idType: 'int32' }, [
      'a photo of something green',
      'a photo of something red',
    ]);
    expect(cosine(green, greenText)).toBeGreaterThan(0.9);
    expect(cosine(green, redText)).toBeLessThan(0.2);
  });

  it('is deterministic', async () => {
    const a = await tinyModel({ layout: 'huggingface' });
    const b = await tinyModel({ layout: 'huggingface' });
    for (const file of ['onnx/vision_model.onnx', 'onnx/text_model.onnx']) {
      expect(readFileSync(join(a.dir, file)).equals(readFileSync(join(b.dir, file)))).toBe(true);
    }
    expect(existsSync(join(a.dir, 'onnx/text_model_fp16.onnx'))).toBe(false);
  });
});

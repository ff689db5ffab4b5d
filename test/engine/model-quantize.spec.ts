import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { compareDtypes } from '../../src/cli/compare-dtypes';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import { ModerationDecision } from '../../src/engine/scoring/moderation-decision';
import { quantizeModelFolder } from '../../src/engine/model/quantize/quantize-model-folder';
import { quantizeColumns } from '../../src/engine/model/quantize/quantize-weights';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { BLUE, GREEN, RED, solidImage } from '../support/colour-images';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { runModerate as moderate } from '../support/run-moderate';
import { tempDir } from '../support/temp-dir';

describe('int8 weights', () => {
  const root = tempDir('quantize');
  const model = join(root, 'model');
  const policies = join(root, 'policies');
  const cacheDir = join(root, 'cache');

  beforeAll(async () => {
    await writeTinyClipModel(model, { layout: 'huggingface' });
    mkdirSync(policies);
    writeFileSync(join(policies, 'colours.yaml'), COLOUR_POLICY_YAML);
  });

  it('quantizes each column of a weight matrix on its own scale, symmetric, zero kept exact', () => {
    // Column 0 is large, column 1 tiny: one shared scale would round column 1 to zero.
    const weights = Float32Array.from([127, 0.012, -63.4, -0.02, 0, 0.005]);
    const { values, scales } = quantizeColumns(weights, 3, 2);
    expect(Array.from(scales)).toEqual([1, Math.fround(Math.fround(0.02) / 127)]);
    expect(Array.from(values)).toEqual([127, 76, -63, -127, 0, 32]);
  });

  it('writes *_quantized.onnx beside the fp32 files, with int8 MatMuls that onnxruntime runs', async () => {
    const written = await quantizeModelFolder(model);
    expect(written.map((file) => file.target)).toEqual(['onnx/vision_model_quantized.onnx', 'onnx/text_model_quantized.onnx']);
    // The tiny text tower sums token embeddings (a Gather): only the vision tower has a constant MatMul weight.
    expect(written.map((file) => file.quantized)).toEqual([2, 0]);
    for (const file of written.filter((entry) => entry.quantized > 0)) {
      const graph = onnx.ModelProto.decode(readFileSync(join(model, file.target))).graph!;
      const ops = graph.node!.map((node) => node.opType);
      expect(ops).toContain('DynamicQuantizeLinear');
      expect(ops.filter((op) => op === 'MatMulInteger')).toHaveLength(file.quantized);
      expect(graph.initializer!.some((tensor) => tensor.dataType === onnx.TensorProto.DataType.INT8)).toBe(true);
    }
    for (const file of written) {
      const session = await InferenceSession.create(join(model, file.target));
      await session.release();
    }
    await expect(quantizeModelFolder(model)).rejects.toMatchObject({ code: ModerationErrorCode.ConfigInvalid });
  });

  it('decides the planted colours the same with the int8 variant, under its own model hash', async () => {
    const open = (dtype: 'fp32' | 'quantized') => ModerationEngine.create({ model, dtype, policies, cacheDir, logger: () => undefined });
    const [fp32, int8] = [await open('fp32'), await open('quantized')];
    try {
      expect(int8.model.hash).not.toBe(fp32.model.hash);
      for (const colour of [RED, GREEN, BLUE]) {
        const image = await solidImage(colour, 'png');
        const [a, b] = [await fp32.score(image, 'colours'), await int8.score(image, 'colours')];
        expect(b.action).toBe(a.action);
        expect(b.triggered).toEqual(a.triggered);
        const cosine = a.embedding.reduce((sum, value, index) => sum + value * b.embedding[index]!, 0);
        expect(cosine).toBeGreaterThan(0.99);
      }
    } finally {
      await Promise.all([fp32.close(), int8.close()]);
    }
  });

  it('moderate model compare reports the cosine and the decisions that change', async () => {
    const images = await Promise.all(
      [RED, GREEN, BLUE].map(async (colour, index) => {
        const path = join(root, `image-${index}.png`);
        writeFileSync(path, await solidImage(colour));
        return path;
      }),
    );
    const env = { MODERATION_MODEL: model, MODERATION_POLICIES: policies, MODERATION_CACHE_DIR: cacheDir };
    const json = await moderate(['model', 'compare', '--dtype', 'quantized', '--policy', 'colours', '--json', ...images], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { images: number; cosine: { mean: number; min: number }; changed: unknown[]; reference: { dtype: string }; candidate: { dtype: string } };
    expect(report).toMatchObject({ images: 3, changed: [], reference: { dtype: 'fp32' }, candidate: { dtype: 'quantized' } });
    expect(report.cosine.min).toBeGreaterThan(0.99);
    expect(report.cosine.mean).toBeLessThanOrEqual(1.0001);
    const text = await moderate(['model', 'compare', '--dtype', 'quantized', '--policy', 'colours', ...images], env);
    expect(text.stdout).toMatch(/quantized against fp32 on 3 image\(s\)\nembedding cosine: mean (0\.9\d{3}|1\.0000), min (0\.9\d{3}|1\.0000)/);
    expect(text.stdout).toMatch(/decisions changed: 0 of 3 \(0\.0 %\)/);
  });

  it('moderate model quantize refuses to overwrite, and --force replaces', async () => {
    const refused = await moderate(['model', 'quantize', model], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/CONFIG_INVALID: .*already has a quantized variant.*--force/);
    const forced = await moderate(['model', 'quantize', model, '--force'], {});
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/onnx\/vision_model\.onnx → onnx\/vision_model_quantized\.onnx: \d+ MatMuls to int8/);
    expect(existsSync(join(model, 'onnx', 'text_model_quantized.onnx'))).toBe(true);
  });

  it('counts changed actions and triggered categories, and finds the weakest cosine and the largest score change', () => {
    const decision = (action: 'allow' | 'review' | 'block', triggered: string[], score: number, embedding: number[]): ModerationDecision =>
      ({ action, triggered, frameEmbeddings: [embedding], categories: [{ id: 'red', score }] }) as unknown as ModerationDecision;
    const comparison = compareDtypes([
      { file: 'same.png', reference: decision('block', ['red'], 0.9, [1, 0]), candidate: decision('block', ['red'], 0.89, [1, 0]) },
      { file: 'flipped.png', reference: decision('review', ['red'], 0.6, [1, 0]), candidate: decision('allow', [], 0.45, [0.8, 0.6]) },
    ]);
    expect(comparison.images).toBe(2);
    expect(comparison.changed).toEqual([{ file: 'flipped.png', from: 'review', to: 'allow', triggeredFrom: ['red'], triggeredTo: [] }]);
    expect(comparison.cosine.min).toBeCloseTo(0.8, 10);
    expect(comparison.cosine.minFile).toBe('flipped.png');
    expect(comparison.cosine.mean).toBeCloseTo(0.9, 10);
    expect(comparison.maxScoreChange).toEqual({ value: expect.closeTo(0.15, 10), category: 'red', file: 'flipped.png' });
  });
});


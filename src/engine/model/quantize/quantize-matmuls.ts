import { onnx } from 'onnx-proto';
import { ModerationError } from '../../errors/moderation-error';
import { ModerationErrorCode } from '../../errors/moderation-error-code';
import { int64 } from './onnx-file';
import { quantizeColumns } from './quantize-weights';

/** What one graph's quantization changed. */
export interface MatMulQuantization {
  /** MatMuls whose constant weight is now int8. */
  readonly quantized: number;
  /** MatMuls left in float: their B is computed, not a constant 2-D float matrix. */
  readonly leftInFloat: number;
  /** Bytes of the float weights replaced, and of the int8 weights and scales that replace them. */
  readonly floatWeightBytes: number;
  readonly int8WeightBytes: number;
}

/** DynamicQuantizeLinear, the newest operator this pass writes, entered the default domain in opset 11. */
const MIN_OPSET = 11;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT8 = onnx.TensorProto.DataType.INT8;

interface QuantizedActivation {
  readonly values: string;
  readonly scale: string;
  readonly zeroPoint: string;
}

interface QuantizedWeight {
  readonly values: string;
  readonly scales: string;
}

/**
 * Dynamic int8 quantization of the MatMuls whose B is a constant weight, as onnxruntime's own
 * `quantize_dynamic` writes it, in standard operators: the activation is quantized at run time
 * (DynamicQuantizeLinear: uint8 with its own scale and zero point), multiplied against the
 * per-column int8 weight in integers (MatMulInteger), and scaled back to float (Cast, Mul by
 * activation scale × weight scales). onnxruntime fuses the pattern into one DynamicQuantizeMatMul
 * kernel. Everything else (convolutions, layer norms, attention softmax) stays in float.
 * The graph is changed in place.
 */
export function quantizeMatMulWeights(model: onnx.ModelProto): MatMulQuantization {
  const graph = model.graph;
  if (!graph) throw incompatible('the model has no graph');
  const opset = (model.opsetImport ?? []).find((entry) => (entry.domain ?? '') === '');
  if (!opset || int64(opset.version ?? 0) < MIN_OPSET) {
    throw incompatible(`its default-domain opset is ${opset ? int64(opset.version ?? 0) : 'missing'}; dynamic quantization needs opset ${MIN_OPSET} or later`);
  }
  const initializers = new Map((graph.initializer ?? []).map((tensor) => [tensor.name, tensor]));
  const activations = new Map<string, QuantizedActivation>();
  const weights = new Map<string, QuantizedWeight>();
  const replacedWeights = new Set<string>();
  const nodes: onnx.INodeProto[] = [];
  const added: onnx.ITensorProto[] = [];
  let quantized = 0;
  let leftInFloat = 0;
  let floatWeightBytes = 0;
  let int8WeightBytes = 0;

  for (const node of graph.node ?? []) {
    if (node.opType !== 'MatMul' || (node.domain ?? '') !== '') {
      nodes.push(node);
      continue;
    }
    const [input, weightName] = node.input ?? [];
    const output = node.output?.[0];
    const weightTensor = weightName === undefined ? undefined : initializers.get(weightName);
    const matrix = weightTensor ? floatMatrix(weightTensor) : undefined;
    if (!input || !output || !weightName || !matrix) {
      leftInFloat++;
      nodes.push(node);
      continue;
    }
    let activation = activations.get(input);
    if (!activation) {
      activation = { values: `${input}_quantized`, scale: `${input}_scale`, zeroPoint: `${input}_zero_point` };
      // Placed before its first consumer: the graph is topologically sorted, so `input` exists by then.
      nodes.push(op('DynamicQuantizeLinear', [input], [activation.values, activation.scale, activation.zeroPoint], `${input}_DynamicQuantizeLinear`));
      activations.set(input, activation);
    }
    let weight = weights.get(weightName);
    if (!weight) {
      const { values, scales } = quantizeColumns(matrix.values, matrix.rows, matrix.columns);
      weight = { values: `${weightName}_quantized`, scales: `${weightName}_scale` };
      added.push(tensor(weight.values, INT8, [matrix.rows, matrix.columns], new Uint8Array(values.buffer, values.byteOffset, values.byteLength)));
      added.push(tensor(weight.scales, FLOAT, [matrix.columns], new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength)));
      weights.set(weightName, weight);
      floatWeightBytes += matrix.values.byteLength;
      int8WeightBytes += values.byteLength + scales.byteLength;
    }
    replacedWeights.add(weightName);
    const prefix = node.name || output;
    nodes.push(
      op('MatMulInteger', [activation.values, weight.values, activation.zeroPoint], [`${output}_int32`], `${prefix}_MatMulInteger`),
      op('Cast', [`${output}_int32`], [`${output}_float`], `${prefix}_Cast`, [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]),
      op('Mul', [activation.scale, weight.scales], [`${output}_scale`], `${prefix}_ScaleMul`),
      op('Mul', [`${output}_float`, `${output}_scale`], [output], `${prefix}_Mul`),
    );
    quantized++;
  }

  const stillUsed = new Set(nodes.flatMap((node) => node.input ?? []));
  graph.node = nodes;
  graph.initializer = [...(graph.initializer ?? []).filter((initializer) => !replacedWeights.has(initializer.name ?? '') || stillUsed.has(initializer.name ?? '')), ...added.map((entry) => onnx.TensorProto.create(entry))];
  return { quantized, leftInFloat, floatWeightBytes, int8WeightBytes };
}

/** A constant 2-D float32 matrix with its values, or undefined for anything else. */
function floatMatrix(tensor: onnx.ITensorProto): { values: Float32Array; rows: number; columns: number } | undefined {
  const dims = (tensor.dims ?? []).map(int64);
  if (tensor.dataType !== FLOAT || dims.length !== 2 || (tensor.externalData ?? []).length > 0) return undefined;
  const [rows, columns] = dims as [number, number];
  const raw = tensor.rawData;
  let values: Float32Array;
  if (raw && raw.byteLength > 0) {
    // Copied to an aligned buffer: raw_data sits at any offset inside the decoded file.
    values = new Float32Array(raw.byteLength / 4);
    new Uint8Array(values.buffer).set(raw);
  } else {
    values = Float32Array.from(tensor.floatData ?? []);
  }
  return values.length === rows * columns ? { values, rows, columns } : undefined;
}

function tensor(name: string, dataType: number, dims: number[], rawData: Uint8Array): onnx.ITensorProto {
  return { name, dataType, dims, rawData };
}

function op(opType: string, input: string[], output: string[], name: string, attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return onnx.NodeProto.create({ opType, input, output, name, attribute, domain: '' });
}

function incompatible(reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.ModelIncompatible, `Cannot quantize: ${reason}.`, { reason });
}

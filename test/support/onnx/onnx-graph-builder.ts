import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { onnx } from 'onnx-proto';

/**
 * A small typed builder over the protobufjs-generated ONNX classes, so test and bench fixtures can
 * describe a graph in a few lines and get real `.onnx` bytes that onnxruntime loads. It only knows
 * what the fixtures need: tensors in raw_data, symbolic dims, the common attribute kinds, one opset.
 */

/** Element types the fixtures use, named the way onnxruntime-node names its tensor types. */
export type OnnxElementType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/** A tensor dimension: a fixed size, or a symbolic name such as `'batch'` for a dynamic one. */
export type OnnxDim = number | string;

/** A typed attribute value; ONNX distinguishes `int` from `float`, so a bare number is not enough. */
export type OnnxAttribute =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'tensor'; readonly value: OnnxTensor };

/** A tensor held as little-endian raw bytes, ready for `TensorProto.raw_data`. */
export interface OnnxTensor {
  readonly elementType: OnnxElementType;
  readonly dims: readonly number[];
  readonly raw: Uint8Array;
}

/** Attributes of one node, by attribute name. */
export type OnnxAttributes = Readonly<Record<string, OnnxAttribute>>;

/** Options for a whole model. */
export interface OnnxModelOptions {
  /** Default-domain opset; 17 is the first with LayerNormalization. */
  readonly opsetVersion?: number;
  /** IR version 8 is what onnx-proto 8 (ONNX 1.10) describes and what onnxruntime accepts with opset 17. */
  readonly irVersion?: number;
  readonly producerName?: string;
}

/** Helpers that tag attribute values with their ONNX kind. */
export const attr = {
  int: (value: number): OnnxAttribute => ({ kind: 'int', value }),
  float: (value: number): OnnxAttribute => ({ kind: 'float', value }),
  ints: (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value }),
  string: (value: string): OnnxAttribute => ({ kind: 'string', value }),
  tensor: (value: OnnxTensor): OnnxAttribute => ({ kind: 'tensor', value }),
} as const;

const ELEMENT_TYPE_CODES: Readonly<Record<OnnxElementType, onnx.TensorProto.DataType>> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** The ONNX `DataType` code of an element type, e.g. for the `to` attribute of Cast. */
export function onnxDataType(elementType: OnnxElementType): number {
  return ELEMENT_TYPE_CODES[elementType];
}

/** Views the bytes of a typed array without copying; ONNX raw_data is little-endian, like x86 and ARM. */
function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

const float32Scratch = new Float32Array(1);
const uint32Scratch = new Uint32Array(float32Scratch.buffer);

/**
 * IEEE half-precision bits of a float, rounded to nearest even. Node 20 has no Float16Array,
 * and onnxruntime-node takes float16 tensors as Uint16Array bits.
 */
export function float32ToFloat16Bits(value: number): number {
  float32Scratch[0] = value;
  const bits = uint32Scratch[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0); // Inf or NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // too large: Inf
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // too small even for a subnormal
    mantissa |= 0x800000; // make the implicit leading 1 explicit, then shift into a subnormal
    const shift = 14 - halfExponent;
    const half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    const roundUp = remainder > midpoint || (remainder === midpoint && (half & 1) === 1);
    return sign | (half + (roundUp ? 1 : 0));
  }
  const half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1);
  // A carry out of the mantissa correctly bumps the exponent (and overflows to Inf at the top).
  return sign | (half + (roundUp ? 1 : 0));
}

/** The float value of IEEE half-precision bits, for reading float16 outputs back. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Converts a whole Float32Array to half-precision bits. */
export function toFloat16Array(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]);
  return out;
}

/** Converts half-precision bits back to a Float32Array. */
export function fromFloat16Array(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i]);
  return out;
}

/** Tensor constructors that check the data matches the dims (a mismatch otherwise fails only at load). */
export const tensor = {
  float32(dims: readonly number[], data: Float32Array | readonly number[]): OnnxTensor {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    return checked('float32', dims, values.length, bytesOf(values));
  },
  /** Takes either floats to convert or half-precision bits already converted. */
  float16(dims: readonly number[], data: Float32Array | Uint16Array): OnnxTensor {
    const bits = data instanceof Uint16Array ? data : toFloat16Array(data);
    return checked('float16', dims, bits.length, bytesOf(bits));
  },
  int64(dims: readonly number[], data: BigInt64Array | readonly number[]): OnnxTensor {
    const values = data instanceof BigInt64Array ? data : BigInt64Array.from(data, (v) => BigInt(v));
    return checked('int64', dims, values.length, bytesOf(values));
  },
  int32(dims: readonly number[], data: Int32Array | readonly number[]): OnnxTensor {
    const values = data instanceof Int32Array ? data : Int32Array.from(data);
    return checked('int32', dims, values.length, bytesOf(values));
  },
  int8(dims: readonly number[], data: Int8Array | readonly number[]): OnnxTensor {
    const values = data instanceof Int8Array ? data : Int8Array.from(data);
    return checked('int8', dims, values.length, bytesOf(values));
  },
} as const;

function checked(elementType: OnnxElementType, dims: readonly number[], length: number, raw: Uint8Array): OnnxTensor {
  const expected = elementCount(dims);
  if (expected !== length) {
    throw new Error(`${elementType} tensor with dims [${dims.join(',')}] needs ${expected} values, got ${length}`);
  }
  return { elementType, dims: [...dims], raw };
}

function tensorProto(name: string, value: OnnxTensor): onnx.TensorProto {
  return onnx.TensorProto.create({
    name,
    dims: [...value.dims],
    dataType: ELEMENT_TYPE_CODES[value.elementType],
    rawData: value.raw,
  });
}

function attributeProto(name: string, attribute: OnnxAttribute): onnx.AttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  switch (attribute.kind) {
    case 'int':
      return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: attribute.value });
    case 'float':
      return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: attribute.value });
    case 'ints':
      return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...attribute.value] });
    case 'floats':
      return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: [...attribute.value] });
    case 'string':
      return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: Buffer.from(attribute.value, 'utf8') });
    case 'tensor':
      return onnx.AttributeProto.create({ name, type: AttributeType.TENSOR, t: tensorProto('', attribute.value) });
  }
}

function valueInfo(name: string, elementType: OnnxElementType, dims: readonly OnnxDim[]): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPE_CODES[elementType],
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  });
}

/** Builds one ONNX graph and serialises it as a model. */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.NodeProto[] = [];
  private readonly initializers: onnx.TensorProto[] = [];
  private readonly inputs: onnx.ValueInfoProto[] = [];
  private readonly outputs: onnx.ValueInfoProto[] = [];
  /** Every value name so far, so a typo that reuses a name fails here rather than inside onnxruntime. */
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(
    private readonly graphName: string,
    private readonly options: OnnxModelOptions = {},
  ) {}

  /** Declares a graph input. */
  input(name: string, elementType: OnnxElementType, dims: readonly OnnxDim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elementType, dims));
    return name;
  }

  /** Declares a graph output; the value must be produced by a node (or be an input or initializer). */
  output(name: string, elementType: OnnxElementType, dims: readonly OnnxDim[]): string {
    this.outputs.push(valueInfo(name, elementType, dims));
    return name;
  }

  /** Adds a named weight stored in raw_data and returns its name. */
  initializer(name: string, value: OnnxTensor): string {
    this.claim(name);
    this.initializers.push(tensorProto(name, value));
    return name;
  }

  /** Adds a float32 weight. */
  float32(name: string, dims: readonly number[], data: Float32Array | readonly number[]): string {
    return this.initializer(name, tensor.float32(dims, data));
  }

  /** Adds a float16 weight from floats or from half-precision bits. */
  float16(name: string, dims: readonly number[], data: Float32Array | Uint16Array): string {
    return this.initializer(name, tensor.float16(dims, data));
  }

  /** Adds an int64 weight (shapes, axes, indices). */
  int64(name: string, dims: readonly number[], data: BigInt64Array | readonly number[]): string {
    return this.initializer(name, tensor.int64(dims, data));
  }

  /** Adds an anonymous 1-D int64 constant, the usual way to pass axes or shapes to opset-13+ ops. */
  int64Constant(values: readonly number[]): string {
    return this.int64(this.uniqueName('const_i64'), [values.length], values);
  }

  /** Adds an anonymous scalar float32 constant. */
  float32Scalar(value: number): string {
    return this.float32(this.uniqueName('const_f32'), [], [value]);
  }

  /** Adds a node with explicit output names and returns them. */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: OnnxAttributes = {}): string[] {
    for (const output of outputs) this.claim(output);
    this.nodes.push(
      onnx.NodeProto.create({
        name: `${opType}_${this.nodes.length}`,
        opType,
        input: [...inputs],
        output: [...outputs],
        attribute: Object.entries(attributes).map(([name, value]) => attributeProto(name, value)),
      }),
    );
    return [...outputs];
  }

  /** Adds a single-output node, naming its output (or generating a name), and returns that name. */
  op(opType: string, inputs: readonly string[], attributes: OnnxAttributes = {}, outputName?: string): string {
    const output = outputName ?? this.uniqueName(opType.toLowerCase());
    this.node(opType, inputs, [output], attributes);
    return output;
  }

  /** The protobuf model object, for callers that want to inspect or tweak it before encoding. */
  toModelProto(): onnx.ModelProto {
    return onnx.ModelProto.create({
      irVersion: this.options.irVersion ?? 8,
      opsetImport: [{ domain: '', version: this.options.opsetVersion ?? 17 }],
      producerName: this.options.producerName ?? 'clip-moderation-fixtures',
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
  }

  /** The serialised `.onnx` bytes. */
  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.toModelProto()).finish();
  }

  /** Writes the model to `path`, creating its folder. */
  writeTo(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.toBytes());
  }

  private uniqueName(prefix: string): string {
    let name: string;
    do {
      name = `${prefix}_${this.counter++}`;
    } while (this.names.has(name));
    return name;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`ONNX value name "${name}" is already used in graph ${this.graphName}`);
    this.names.add(name);
  }
}

import { Tensor } from 'onnxruntime-node';
import { float16BitsToFloat32, float32ToFloat16Bits } from './float16';

/** Builds a float tensor of the element type a session input declares (fp16 exports take float16). */
export function floatTensor(type: Tensor.Type, data: Float32Array, dims: readonly number[]): Tensor {
  if (type === 'float16') return new Tensor('float16', float32ToFloat16Bits(data), dims);
  return new Tensor('float32', data, dims);
}

/** Builds an integer tensor (token ids, attention masks) of the declared element type. */
export function integerTensor(type: Tensor.Type, values: ArrayLike<number>, dims: readonly number[]): Tensor {
  if (type === 'int64') return new Tensor('int64', BigInt64Array.from(Array.from(values, (value) => BigInt(value))), dims);
  if (type === 'int32') return new Tensor('int32', Int32Array.from(values), dims);
  throw new TypeError(`Unsupported integer input type ${type}`);
}

/** Reads a float output as float32, whatever precision the model produced. */
export function floatData(tensor: Tensor): Float32Array {
  const data = tensor.data;
  if (data instanceof Float32Array) return data;
  if (tensor.type === 'float16' && data instanceof Uint16Array) return float16BitsToFloat32(data);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return Float32Array.from(data as unknown as ArrayLike<number>);
  throw new TypeError(`Output of type ${tensor.type} is not numeric`);
}

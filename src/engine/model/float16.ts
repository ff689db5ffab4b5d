/**
 * IEEE 754 half-precision conversion for fp16 model variants, whose inputs and outputs are
 * float16 tensors (onnxruntime-node takes them as Uint16Array bit patterns on Node 20).
 */
const floatView = new Float32Array(1);
const intView = new Uint32Array(floatView.buffer);

/** Rounds each float32 to the nearest float16 and returns the bit patterns. */
export function float32ToFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalf(values[i]!);
  return out;
}

/** Widens float16 bit patterns to float32. */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromHalf(bits[i]!);
  return out;
}

function toHalf(value: number): number {
  floatView[0] = value;
  const x = intView[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const rounded = (mantissa + (1 << (shift - 1)) - 1 + ((mantissa >> shift) & 1)) >> shift;
    return sign | rounded;
  }
  const rounded = mantissa + 0xfff + ((mantissa >> 13) & 1);
  if (rounded & 0x800000) {
    return halfExponent + 1 >= 0x1f ? sign | 0x7c00 : sign | ((halfExponent + 1) << 10);
  }
  return sign | (halfExponent << 10) | (rounded >> 13);
}

function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

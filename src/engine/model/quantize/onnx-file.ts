import { readFile } from 'node:fs/promises';
import { onnx } from 'onnx-proto';
import { ModerationError } from '../../errors/moderation-error';
import { ModerationErrorCode } from '../../errors/moderation-error-code';
import { writeFileAtomic } from '../../hub/atomic-write';

/** An int64 field as protobufjs decodes it: a number, or a Long for values past 2^53. */
export type Int64 = number | { toNumber(): number };

/** An int64 field as a plain number. */
export function int64(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber();
}

/** Reads and decodes an ONNX file; a file that does not decode is MODEL_INCOMPATIBLE, naming it. */
export async function readOnnxModel(path: string): Promise<onnx.ModelProto> {
  const bytes = await readFile(path);
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModerationError(ModerationErrorCode.ModelIncompatible, `${path} is not an ONNX model: ${error instanceof Error ? error.message : String(error)}`, { path }, { cause: error });
  }
}

/** Encodes a model and writes it so that readers see the old file or the whole new one. */
export async function writeOnnxModel(path: string, model: onnx.ModelProto): Promise<number> {
  const bytes = onnx.ModelProto.encode(model).finish();
  await writeFileAtomic(path, bytes);
  return bytes.byteLength;
}

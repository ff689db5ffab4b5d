import { InferenceSession } from 'onnxruntime-node';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { EmbeddingMatrix, ImageEncoder } from './encoders';
import { SessionTuning, TensorSlot, describeSlots, inputSlots, normaliseMatrix, openSession, outputSlots, pickSlot } from './onnx-session';
import { floatData, floatTensor } from './tensor-data';

const IMAGE_INPUT_NAMES = ['pixel_values', 'image', 'images', 'input'];
const IMAGE_OUTPUT_NAMES = ['image_embeds', 'image_embeddings', 'embeddings', 'output'];

/** Runs a CLIP image encoder session in the calling thread. */
export class ClipVisionEncoder implements ImageEncoder {
  private constructor(
    private readonly session: InferenceSession,
    private readonly input: TensorSlot,
    private readonly output: TensorSlot,
    readonly imageSize: number | undefined,
  ) {}

  /** Opens the vision ONNX file and finds its image input and embedding output by name and shape. */
  static async open(path: string, tuning: SessionTuning): Promise<ClipVisionEncoder> {
    const session = await openSession(path, tuning);
    const inputs = inputSlots(session);
    const outputs = outputSlots(session);
    const input = pickSlot(inputs, IMAGE_INPUT_NAMES, (slot) => slot.shape.length === 4 && isFloat(slot));
    const output = pickSlot(outputs, IMAGE_OUTPUT_NAMES, (slot) => slot.shape.length === 2 && isFloat(slot));
    if (!input || !isFloat(input) || input.shape.length !== 4 || !output || output.shape.length !== 2) {
      await session.release();
      throw new ModerationError(
        ModerationErrorCode.ModelIncompatible,
        `${path} is not a CLIP image encoder: expected a float input [batch,3,H,W] and a float output [batch,dim]; found inputs ${describeSlots(inputs)}; outputs ${describeSlots(outputs)}.`,
        { path, inputs: describeSlots(inputs), outputs: describeSlots(outputs) },
      );
    }
    const height = input.shape[2];
    return new ClipVisionEncoder(session, input, output, typeof height === 'number' ? height : undefined);
  }

  async encode(pixels: Float32Array, count: number, height: number, width: number): Promise<EmbeddingMatrix> {
    const feeds = { [this.input.name]: floatTensor(this.input.type, pixels, [count, 3, height, width]) };
    const result = await this.session.run(feeds, [this.output.name]);
    const tensor = result[this.output.name]!;
    return normaliseMatrix(floatData(tensor), count, tensor.dims[1]!);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

function isFloat(slot: TensorSlot): boolean {
  return slot.type === 'float32' || slot.type === 'float16';
}

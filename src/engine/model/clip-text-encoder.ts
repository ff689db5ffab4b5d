import { InferenceSession } from 'onnxruntime-node';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { TokenizedBatch } from '../tokenizer/clip-tokenizer';
import { EmbeddingMatrix, PromptEncoder } from './encoders';
import { SessionTuning, TensorSlot, describeSlots, inputSlots, normaliseMatrix, openSession, outputSlots, pickSlot } from './onnx-session';
import { floatData, integerTensor } from './tensor-data';

const ID_INPUT_NAMES = ['input_ids', 'text', 'input', 'tokens'];
const MASK_INPUT_NAMES = ['attention_mask'];
const TEXT_OUTPUT_NAMES = ['text_embeds', 'text_embeddings', 'embeddings', 'output'];

/** Runs a CLIP text encoder session in the calling thread. */
export class ClipTextEncoder implements PromptEncoder {
  private constructor(
    private readonly session: InferenceSession,
    private readonly ids: TensorSlot,
    private readonly mask: TensorSlot | undefined,
    private readonly output: TensorSlot,
    /** Sequence length the graph fixes, when it fixes one. */
    readonly contextLength: number | undefined,
  ) {}

  /** Opens the text ONNX file and finds its token-id input, optional mask and embedding output. */
  static async open(path: string, tuning: SessionTuning): Promise<ClipTextEncoder> {
    const session = await openSession(path, tuning);
    const inputs = inputSlots(session);
    const outputs = outputSlots(session);
    const ids = pickSlot(inputs, ID_INPUT_NAMES, (slot) => slot.shape.length === 2 && isInteger(slot));
    const mask = pickSlot(inputs, MASK_INPUT_NAMES, () => false);
    const output = pickSlot(outputs, TEXT_OUTPUT_NAMES, (slot) => slot.shape.length === 2);
    const unknownInputs = inputs.filter((slot) => slot !== ids && slot !== mask);
    if (!ids || !isInteger(ids) || !output || output.shape.length !== 2 || unknownInputs.length > 0) {
      await session.release();
      throw new ModerationError(
        ModerationErrorCode.ModelIncompatible,
        `${path} is not a CLIP text encoder: expected integer token ids [batch,context] (and optionally attention_mask) and a float output [batch,dim]; found inputs ${describeSlots(inputs)}; outputs ${describeSlots(outputs)}.`,
        { path, inputs: describeSlots(inputs), outputs: describeSlots(outputs) },
      );
    }
    const context = ids.shape[1];
    return new ClipTextEncoder(session, ids, mask, output, typeof context === 'number' ? context : undefined);
  }

  async encode(batch: TokenizedBatch): Promise<EmbeddingMatrix> {
    const dims = [batch.rows, batch.contextLength];
    const feeds = {
      [this.ids.name]: integerTensor(this.ids.type, batch.ids, dims),
      ...(this.mask ? { [this.mask.name]: integerTensor(this.mask.type, batch.attentionMask, dims) } : {}),
    };
    const result = await this.session.run(feeds, [this.output.name]);
    const tensor = result[this.output.name]!;
    return normaliseMatrix(floatData(tensor), batch.rows, tensor.dims[1]!);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

function isInteger(slot: TensorSlot): boolean {
  return slot.type === 'int64' || slot.type === 'int32';
}

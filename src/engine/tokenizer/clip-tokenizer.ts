import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { CLIP_END_TOKEN, CLIP_START_TOKEN, clipTokenizerJsonFromBpeVocab } from './clip-bpe-vocab';

/** CLIP's text context: prompts are padded or cut to this many tokens. */
export const CLIP_CONTEXT_LENGTH = 77;

/** Prompts as the text encoder takes them: `rows` sequences of `contextLength` ids, row-major. */
export interface TokenizedBatch {
  readonly rows: number;
  readonly contextLength: number;
  readonly ids: Int32Array;
  readonly attentionMask: Int32Array;
}

/** Where tokenizer ids come from, and what pads a short prompt. */
export interface ClipTokenizerOptions {
  /**
   * Id written after the end token. Hugging Face exports pad with `<|endoftext|>`; open_clip
   * pads with 0. Either way the encoder pools at the first end token, so padding is not read.
   */
  readonly padTokenId?: number;
}

/** CLIP tokenization (lower-cased byte-level BPE) backed by @huggingface/tokenizers. */
export class ClipTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly startId: number,
    private readonly endId: number,
    private readonly padId: number,
  ) {}

  /** Loads a Hugging Face tokenizer.json. */
  static async fromTokenizerJson(path: string, options: ClipTokenizerOptions = {}): Promise<ClipTokenizer> {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new ModerationError(ModerationErrorCode.ModelLayoutInvalid, `Cannot read tokenizer ${path}: ${String(error)}`, { path }, { cause: error });
    }
    return ClipTokenizer.fromDocument(document, path, options);
  }

  /** Builds the tokenizer from CLIP's original `bpe_simple_vocab_16e6.txt.gz` merges file. */
  static async fromBpeVocab(path: string, options: ClipTokenizerOptions = {}): Promise<ClipTokenizer> {
    return ClipTokenizer.fromDocument(await clipTokenizerJsonFromBpeVocab(path), path, options);
  }

  private static fromDocument(document: unknown, path: string, options: ClipTokenizerOptions): ClipTokenizer {
    const tokenizer = new Tokenizer(document as object, {});
    const startId = tokenizer.token_to_id(CLIP_START_TOKEN);
    const endId = tokenizer.token_to_id(CLIP_END_TOKEN);
    if (startId === undefined || endId === undefined) {
      throw new ModerationError(
        ModerationErrorCode.ModelLayoutInvalid,
        `${path} is not a CLIP tokenizer: it lacks ${CLIP_START_TOKEN} or ${CLIP_END_TOKEN}.`,
        { path },
      );
    }
    return new ClipTokenizer(tokenizer, startId, endId, options.padTokenId ?? endId);
  }

  /** Token ids of one prompt with start and end tokens, not padded. */
  tokenize(text: string): number[] {
    const ids = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    return [this.startId, ...ids, this.endId];
  }

  /** Tokenises prompts into fixed-length rows; an over-long prompt is cut and still ends with the end token. */
  encode(texts: readonly string[], contextLength: number = CLIP_CONTEXT_LENGTH): TokenizedBatch {
    const ids = new Int32Array(texts.length * contextLength).fill(this.padId);
    const attentionMask = new Int32Array(texts.length * contextLength);
    texts.forEach((text, row) => {
      let tokens = this.tokenize(text);
      if (tokens.length > contextLength) tokens = [...tokens.slice(0, contextLength - 1), this.endId];
      ids.set(tokens, row * contextLength);
      attentionMask.fill(1, row * contextLength, row * contextLength + tokens.length);
    });
    return { rows: texts.length, contextLength, ids, attentionMask };
  }
}

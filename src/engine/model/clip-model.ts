import { readFile } from 'node:fs/promises';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { ClipPreprocessConfig } from '../image/clip-preprocess-config';
import { parsePreprocessorConfig } from '../image/parse-preprocessor-config';
import { CLIP_CONTEXT_LENGTH, ClipTokenizer } from '../tokenizer/clip-tokenizer';
import { EncoderHost, InferenceOptions, createEncoderHost } from '../inference/encoder-host';
import { ImageEncoder, PromptEncoder, embeddingRows } from './encoders';
import { ModelDtype } from './model-dtype';
import { ModelIdentity, computeModelIdentity } from './model-identity';
import { ModelFiles, detectModelLayout } from './model-layout';

/** How to open a model folder. */
export interface ClipModelOptions {
  /** Name recorded in decisions (the hub id, or the folder). */
  readonly id: string;
  readonly dtype: ModelDtype;
  /** Where the sessions run, and how. */
  readonly inference: InferenceOptions;
  /** Where file digests are remembered between starts. */
  readonly cacheDir?: string;
  /** Where the inference thread reports failures and restarts. */
  readonly logger?: (message: string) => void;
}

/**
 * A CLIP model folder opened for scoring. The vision session opens at once; the text session
 * and tokenizer open only when a prompt embedding is missing from the cache, so a warm restart
 * never pays for them.
 */
export class ClipModel {
  private textEncoder: Promise<PromptEncoder> | undefined;
  private tokenizer: Promise<ClipTokenizer> | undefined;

  private constructor(
    readonly files: ModelFiles,
    readonly identity: ModelIdentity,
    readonly preprocess: ClipPreprocessConfig,
    readonly vision: ImageEncoder,
    private readonly contextLengthHint: number,
    private readonly host: EncoderHost,
  ) {}

  /** Opens the model in `folder`, checking its layout and its vision session's shape. */
  static async open(folder: string, options: ClipModelOptions): Promise<ClipModel> {
    const files = await detectModelLayout(folder, options.dtype);
    if (!files.tokenizerPath && !files.bpeVocabPath) {
      throw new ModerationError(
        ModerationErrorCode.ModelLayoutInvalid,
        `Model folder ${folder} has encoders but no tokenizer: add tokenizer.json (Hugging Face format) or CLIP's bpe_simple_vocab_16e6.txt.gz.`,
        { folder, expected: ['tokenizer.json', 'bpe_simple_vocab_16e6.txt.gz'] },
      );
    }
    const host = createEncoderHost(options.inference, options.logger ?? ((message) => process.stderr.write(`${message}\n`)));
    const opened = await Promise.all([
      computeModelIdentity(options.id, files, options.cacheDir),
      host.openImageEncoder(files.visionModelPath),
      readJson(files.preprocessorConfigPath),
      readJson(files.configPath),
    ]).catch(async (error: unknown) => {
      await host.close();
      throw error;
    });
    const [identity, vision, preprocessorJson, configJson] = opened;
    const preprocess = parsePreprocessorConfig(preprocessorJson ?? {}, vision.imageSize);
    if (vision.imageSize !== undefined && preprocess.cropSize.height !== vision.imageSize) {
      await vision.close();
      await host.close();
      throw new ModerationError(
        ModerationErrorCode.ModelIncompatible,
        `preprocessor_config.json crops to ${preprocess.cropSize.height}px but the vision model takes ${vision.imageSize}px.`,
        { folder, cropSize: preprocess.cropSize, modelImageSize: vision.imageSize },
      );
    }
    const contextLength = textContextLength(configJson) ?? CLIP_CONTEXT_LENGTH;
    return new ClipModel(files, identity, preprocess, vision, contextLength, host);
  }

  /** The tokenizer, opened on first use. */
  getTokenizer(): Promise<ClipTokenizer> {
    this.tokenizer ??= this.files.tokenizerPath
      ? ClipTokenizer.fromTokenizerJson(this.files.tokenizerPath, { padTokenId: this.padTokenId() })
      : ClipTokenizer.fromBpeVocab(this.files.bpeVocabPath!, { padTokenId: this.padTokenId() });
    return this.tokenizer;
  }

  /** The text encoder, opened on first use. */
  getTextEncoder(): Promise<PromptEncoder> {
    if (this.textEncoder) return this.textEncoder;
    const opening = this.host.openPromptEncoder(this.files.textModelPath);
    this.textEncoder = opening;
    // A failed open is tried again by the next caller rather than remembered.
    opening.catch(() => {
      if (this.textEncoder === opening) this.textEncoder = undefined;
    });
    return opening;
  }

  /** Times the inference thread died and was replaced. */
  get inferenceRestarts(): number {
    return this.host.restarts;
  }

  /** True once the text session has been opened (a warm cache never opens it). */
  get textEncoderLoaded(): boolean {
    return this.textEncoder !== undefined;
  }

  /** Embeds prompts with the text encoder, in chunks that keep memory flat. */
  async embedTexts(texts: readonly string[], chunkSize = 32): Promise<Float32Array[]> {
    const [tokenizer, encoder] = await Promise.all([this.getTokenizer(), this.getTextEncoder()]);
    const contextLength = encoder.contextLength ?? this.contextLengthHint;
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += chunkSize) {
      out.push(...embeddingRows(await encoder.encode(tokenizer.encode(texts.slice(start, start + chunkSize), contextLength))));
    }
    return out;
  }

  /** Releases every native session, and the inference thread. */
  async close(): Promise<void> {
    const text = this.textEncoder;
    this.textEncoder = undefined;
    await Promise.all([this.vision.close(), text?.then((encoder) => encoder.close()).catch(() => undefined)]);
    await this.host.close();
  }

  /** open_clip text graphs were exported with 0 as padding; Hugging Face ones pad with the end token. */
  private padTokenId(): number | undefined {
    return this.files.layout === 'open-clip' ? 0 : undefined;
  }
}

async function readJson(path: string | undefined): Promise<unknown> {
  if (!path) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ModerationError(ModerationErrorCode.ModelLayoutInvalid, `Cannot parse ${path}: ${String(error)}`, { path }, { cause: error });
  }
}

function textContextLength(config: unknown): number | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const textConfig = (config as { text_config?: { max_position_embeddings?: unknown } }).text_config;
  const value = textConfig?.max_position_embeddings;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

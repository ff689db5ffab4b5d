import { BatchReceipt, MicroBatchOptions, MicroBatcher } from './batching/micro-batcher';
import { ModerationError } from './errors/moderation-error';
import { ModerationErrorCode } from './errors/moderation-error-code';
import { PromptEmbeddingCache } from './embeddings/prompt-embedding-cache';
import { DEFAULT_BATCHING, ModerationEngineOptions, defaultCacheDir } from './engine-options';
import { DEFAULT_IMAGE_LIMITS, ImageLimits, assertValidImageLimits } from './image/image-limits';
import { PreparedImage, prepareImage } from './image/prepare-image';
import { ClipModel } from './model/clip-model';
import { ModelIdentity } from './model/model-identity';
import { DEFAULT_SESSION_TUNING } from './model/onnx-session';
import { resolveModelFolder } from './model/resolve-model-folder';
import { PolicyRegistry } from './policy/policy-registry';
import { Policy } from './policy/policy.types';
import { compilePolicy } from './scoring/compile-policy';
import { CompiledPolicy } from './scoring/compiled-policy';
import { decide } from './scoring/decide';
import { ModerationDecision } from './scoring/moderation-decision';

/** Counters for health checks and benches. */
export interface EngineStats {
  readonly decisions: number;
  readonly batches: number;
  readonly framesEncoded: number;
  readonly pendingFrames: number;
  /** Images being decoded right now. */
  readonly preparing: number;
  readonly promptEmbeddingsCached: number;
  readonly textEncoderLoaded: boolean;
}

/**
 * Scores images against policies with a CLIP model. Framework-free: the NestJS module, the queue
 * worker, the CLI and the tuning tools all call this class.
 *
 * @example
 * const engine = await ModerationEngine.create({ model: 'Xenova/clip-vit-base-patch32', policies: 'policies' });
 * const decision = await engine.score(bytes, 'default');
 */
export class ModerationEngine {
  private readonly compiled = new Map<string, Promise<CompiledPolicy>>();
  private readonly batcher: MicroBatcher<Float32Array, Float32Array>;
  private closed = false;
  /** score() calls still decoding: the batcher holds a partial batch for them. */
  private preparing = 0;
  private counters = { decisions: 0, batches: 0, framesEncoded: 0 };

  private constructor(
    private readonly clip: ClipModel,
    /** The loaded policies. */
    readonly policies: PolicyRegistry,
    private readonly embeddings: PromptEmbeddingCache,
    /** Image limits in force. */
    readonly limits: ImageLimits,
    batching: ModerationEngineOptions['batching'],
  ) {
    const { height, width } = clip.preprocess.cropSize;
    this.batcher = new MicroBatcher({ ...DEFAULT_BATCHING, ...batching }, async (frames) => {
      this.counters.batches++;
      this.counters.framesEncoded += frames.length;
      return clip.vision.encode(frames, height, width);
    }, () => this.preparing);
  }

  /**
   * Loads (or downloads) the model, loads and validates the policies, and embeds every prompt,
   * from the on-disk cache when it has them.
   */
  static async create(options: ModerationEngineOptions): Promise<ModerationEngine> {
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
    assertValidImageLimits(limits);
    assertValidBatching({ ...DEFAULT_BATCHING, ...options.batching });
    const logger = options.logger ?? ((message: string) => process.stderr.write(`${message}\n`));
    const policies =
      typeof options.policies === 'string' ? await PolicyRegistry.fromDirectory(options.policies) : PolicyRegistry.fromPolicies(options.policies);
    const folder = await resolveModelFolder(options.model, {
      cacheDir,
      dtype: options.dtype ?? 'fp32',
      ...options.download,
      logger,
    });
    const clip = await ClipModel.open(folder, {
      id: options.model,
      dtype: options.dtype ?? 'fp32',
      tuning: { ...DEFAULT_SESSION_TUNING, ...options.tuning },
      cacheDir,
    });
    try {
      const embeddings = await PromptEmbeddingCache.open(cacheDir, clip.identity.hash);
      const engine = new ModerationEngine(clip, policies, embeddings, limits, options.batching);
      await Promise.all(policies.list().map((policy) => engine.compile(policy)));
      return engine;
    } catch (error) {
      await clip.close();
      throw error;
    }
  }

  /** Name and content hash of the loaded model. */
  get model(): ModelIdentity {
    return this.clip.identity;
  }

  /** True once {@link ModerationEngine.close} has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Counters since start. */
  stats(): EngineStats {
    return {
      ...this.counters,
      pendingFrames: this.batcher.pending,
      preparing: this.preparing,
      promptEmbeddingsCached: this.embeddings.size,
      textEncoderLoaded: this.clip.textEncoderLoaded,
    };
  }

  /**
   * Decides what to do with an image under a loaded policy. Bad input (unsupported format,
   * corrupt bytes, limits exceeded, unknown policy) rejects with a {@link ModerationError}.
   */
  async score(bytes: Uint8Array, policyId = 'default'): Promise<ModerationDecision> {
    this.assertOpen();
    return this.scoreWith(bytes, this.policies.get(policyId));
  }

  /** Decides under a policy that need not be loaded (a candidate being tried out, say). */
  async scoreWith(bytes: Uint8Array, policy: Policy): Promise<ModerationDecision> {
    this.assertOpen();
    const started = performance.now();
    const compiled = await this.compile(policy);
    const { image, receipts: pendingReceipts } = await this.prepareAndSubmit(bytes);
    const receipts = await pendingReceipts;
    const scoringStarted = performance.now();
    const frameEmbeddings = receipts.map((receipt) => receipt.output);
    const verdict = decide(compiled, frameEmbeddings);
    const finished = performance.now();
    this.counters.decisions++;
    return {
      action: verdict.action,
      shadowAction: verdict.shadowAction,
      triggered: verdict.triggered,
      policy: { id: policy.id, version: policy.version },
      model: { id: this.clip.identity.id, hash: this.clip.identity.hash },
      content: {
        sha256: image.sha256,
        format: image.format,
        byteLength: image.byteLength,
        width: image.width,
        height: image.height,
        frameCount: image.frameCount,
        framesScored: image.frames.length,
      },
      categories: verdict.categories,
      timings: {
        decodeMs: round(image.decodeMs),
        queueMs: round(Math.max(...receipts.map((receipt) => receipt.queueMs))),
        inferenceMs: round(Math.max(...receipts.map((receipt) => receipt.runMs))),
        scoringMs: round(finished - scoringStarted),
        totalMs: round(finished - started),
      },
      embedding: Array.from(frameEmbeddings[verdict.decidingFrame]!),
      frameEmbeddings: frameEmbeddings.map((embedding) => Array.from(embedding)),
      decidedAt: new Date().toISOString(),
    };
  }

  /**
   * Decodes an image and queues its frames. The image counts as "coming" for the batcher from
   * the start of decoding until its frames are queued, so a batch waits for it instead of
   * leaving without it.
   */
  private async prepareAndSubmit(bytes: Uint8Array): Promise<{ image: PreparedImage; receipts: Promise<BatchReceipt<Float32Array>[]> }> {
    this.preparing++;
    let image: PreparedImage;
    try {
      image = await prepareImage(bytes, this.clip.preprocess, this.limits);
    } catch (error) {
      this.preparing--;
      this.batcher.poke();
      throw error;
    }
    const receipts = Promise.all(image.frames.map((frame) => this.batcher.submit(frame)));
    this.preparing--;
    this.batcher.poke();
    return { image, receipts };
  }

  /** Embeds a policy's prompts for this model (cached per policy version). */
  compile(policy: Policy): Promise<CompiledPolicy> {
    const key = `${policy.id}@${policy.version}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compilePolicy(policy, this.clip.identity.hash, (prompts) => this.embedPrompts(prompts));
      compiled.catch(() => this.compiled.delete(key));
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** Unit text embeddings of prompts, computing only those the cache lacks. */
  async embedPrompts(prompts: readonly string[]): Promise<ReadonlyMap<string, Float32Array>> {
    const missing = this.embeddings.missing(prompts);
    if (missing.length > 0) {
      const computed = await this.clip.embedTexts(missing);
      await this.embeddings.putMany(missing.map((prompt, index) => [prompt, computed[index]!] as const));
    }
    return new Map(prompts.map((prompt) => [prompt, this.embeddings.get(prompt)!]));
  }

  /** Finishes queued work, then frees the model sessions. Later calls reject with ENGINE_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.drain();
    await this.clip.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new ModerationError(ModerationErrorCode.EngineClosed, 'The moderation engine is closed.');
  }
}

function assertValidBatching(batching: MicroBatchOptions): void {
  const problems = [
    ...(Number.isInteger(batching.maxBatchSize) && batching.maxBatchSize >= 1 ? [] : [{ key: 'maxBatchSize', reason: 'must be an integer of at least 1' }]),
    ...(Number.isFinite(batching.maxWaitMs) && batching.maxWaitMs >= 0 ? [] : [{ key: 'maxWaitMs', reason: 'must be a number of at least 0' }]),
  ];
  if (problems.length > 0) throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Invalid batching options', { problems });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

import { throwIfAborted } from './admission/abort';
import { AdmissionControl } from './admission/admission-control';
import { DecodeSlots } from './admission/decode-slots';
import { BatchReceipt, MicroBatcher } from './batching/micro-batcher';
import { ModerationError, isModerationError } from './errors/moderation-error';
import { ModerationErrorCode } from './errors/moderation-error-code';
import { PromptEmbeddingCache } from './embeddings/prompt-embedding-cache';
import { ModerationEngineOptions, defaultCacheDir } from './engine-options';
import { EngineSettings, resolveEngineSettings } from './engine-settings';
import { ImageLimits } from './image/image-limits';
import { PreparedImage, prepareImage } from './image/prepare-image';
import { ClipModel } from './model/clip-model';
import { embeddingRows } from './model/encoders';
import { ModelIdentity } from './model/model-identity';
import { resolveModelFolder } from './model/resolve-model-folder';
import { PolicyRegistry } from './policy/policy-registry';
import { Policy } from './policy/policy.types';
import { compilePolicy } from './scoring/compile-policy';
import { CompiledPolicy } from './scoring/compiled-policy';
import { decide, unscoredVerdict } from './scoring/decide';
import { ModerationDecision } from './scoring/moderation-decision';
import { KnownContentMatch } from './scoring/known-content-match';
import { ScoreOptions } from './score-options';

import { matchFrameEmbeddings } from './scoring/match-frame-embeddings';
import { EngineStats } from './engine-stats';
import { EngineObserver, EngineObservers } from './engine-observer';
import { assembleDecision } from './scoring/assemble-decision';

export type { EngineStats } from './engine-stats';
export type { EngineObserver } from './engine-observer';

/**
 * Scores images against policies with a CLIP model. Framework-free: the NestJS module, the queue
 * worker, the CLI and the tuning tools all call this class. Images are decoded on libuv's threads
 * and encoded in batches on the inference thread, so the caller's event loop stays free.
 *
 * @example
 * const engine = await ModerationEngine.create({ model: 'Xenova/clip-vit-base-patch32', policies: 'policies' });
 * const decision = await engine.score(bytes, 'default');
 */
export class ModerationEngine {
  private readonly compiled = new Map<string, Promise<CompiledPolicy>>();
  private readonly batcher: MicroBatcher<Float32Array, Float32Array>;
  private readonly admission: AdmissionControl;
  private readonly decodeSlots: DecodeSlots;
  private closed = false;
  /** score() calls admitted whose frames are not queued yet: the batcher holds a partial batch for them. */
  private preparing = 0;
  private counters = { decisions: 0, batches: 0, framesEncoded: 0, aborted: 0 };
  private readonly observers = new EngineObservers();

  private constructor(
    private readonly clip: ClipModel,
    /** The loaded policies. */
    readonly policies: PolicyRegistry,
    private readonly embeddings: PromptEmbeddingCache,
    private readonly settings: EngineSettings,
  ) {
    const { height, width } = clip.preprocess.cropSize;
    const planeSize = 3 * height * width;
    const sessions = settings.inference.sessions;
    this.admission = new AdmissionControl(settings.admission, () => this.observers.notify('imageRefused'), sessions);
    this.decodeSlots = new DecodeSlots(settings.admission.decodeConcurrency);
    this.batcher = new MicroBatcher({ ...settings.batching, parallelRuns: sessions }, async (frames) => {
      this.counters.batches++;
      this.counters.framesEncoded += frames.length;
      const pixels = new Float32Array(frames.length * planeSize);
      frames.forEach((frame, index) => pixels.set(frame, index * planeSize));
      return embeddingRows(await clip.vision.encode(pixels, frames.length, height, width));
    }, () => this.preparing, (size, runMs) => {
      this.admission.recordBatch(size, runMs);
      this.observers.notify('batchEncoded', size, runMs);
    });
  }

  /**
   * Loads (or downloads) the model, loads and validates the policies, and embeds every prompt,
   * from the on-disk cache when it has them.
   */
  static async create(options: ModerationEngineOptions): Promise<ModerationEngine> {
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const settings = resolveEngineSettings(options);
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
      inference: { ...settings.inference, tuning: settings.tuning },
      cacheDir,
      logger,
    });
    try {
      const embeddings = await PromptEmbeddingCache.open(cacheDir, clip.identity.hash);
      const engine = new ModerationEngine(clip, policies, embeddings, settings);
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

  /** Image limits in force. */
  get limits(): ImageLimits {
    return this.settings.limits;
  }

  /** True once {@link ModerationEngine.close} has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Counters since start. */
  stats(): EngineStats {
    const admission = this.admission.stats();
    return {
      decisions: this.counters.decisions,
      batches: this.counters.batches,
      framesEncoded: this.counters.framesEncoded,
      pendingFrames: this.batcher.pending,
      preparing: this.preparing,
      queuedImages: admission.admitted,
      refusedImages: admission.refused,
      abortedImages: this.counters.aborted,
      visionSessions: this.settings.inference.sessions,
      inferenceMsPerImage: admission.msPerImage,
      inferenceRestarts: this.clip.inferenceRestarts,
      promptEmbeddingsCached: this.embeddings.size,
      textEncoderLoaded: this.clip.textEncoderLoaded,
    };
  }

  /** Adds an observer of decodes, batches, decisions and refusals (for metrics); the function returned removes it. */
  observe(observer: EngineObserver): () => void {
    return this.observers.add(observer);
  }

  /**
   * Throws ENGINE_OVERLOADED (with `details.retryAfterSeconds`) when an image sent now would be
   * refused, so a server can answer before reading an upload. {@link score} checks again.
   */
  assertAdmits(): void {
    this.assertOpen();
    this.admission.check();
  }

  /**
   * Decides what to do with an image under a loaded policy. Bad input (unsupported format,
   * corrupt bytes, limits exceeded, unknown policy) rejects with a {@link ModerationError}, and so
   * does a full engine (ENGINE_OVERLOADED) and an aborted call (REQUEST_ABORTED).
   */
  async score(bytes: Uint8Array, policyId = 'default', options: ScoreOptions = {}): Promise<ModerationDecision> {
    this.assertOpen();
    return this.scoreWith(bytes, this.policies.get(policyId), options);
  }

  /** Decides under a policy that need not be loaded (a candidate being tried out, say). */
  async scoreWith(bytes: Uint8Array, policy: Policy, options: ScoreOptions = {}): Promise<ModerationDecision> {
    this.assertOpen();
    throwIfAborted(options.signal);
    const ticket = this.admission.admit();
    try {
      return await this.decideNow(bytes, policy, options);
    } catch (error) {
      if (isModerationError(error, ModerationErrorCode.RequestAborted)) this.counters.aborted++;
      throw error;
    } finally {
      ticket.release();
    }
  }

  private async decideNow(bytes: Uint8Array, policy: Policy, options: ScoreOptions): Promise<ModerationDecision> {
    const { signal } = options;
    const started = performance.now();
    const compiled = await this.compile(policy);
    let matches: readonly KnownContentMatch[] = [];
    // Matched once decoded, before the frames are queued: a bank costs no extra wait, and a policy
    // may skip the model on a blocking match.
    const { image, receipts: pendingReceipts } = await this.prepareAndSubmit(bytes, signal, (prepared) => {
      matches = prepared.pdq && options.matchKnownContent ? options.matchKnownContent(prepared.pdq) : [];
      return !(policy.skipModelOnBankBlock === true && matches.some((match) => match.action === 'block'));
    });
    const receipts = await pendingReceipts;
    throwIfAborted(signal);
    const scoringStarted = performance.now();
    const frameEmbeddings = receipts.map((receipt) => receipt.output);
    const verdict = frameEmbeddings.length > 0 ? decide(compiled, frameEmbeddings) : unscoredVerdict(policy);
    const allMatches = options.matchEmbedding ? [...matches, ...matchFrameEmbeddings(options.matchEmbedding, frameEmbeddings)] : matches;
    this.counters.decisions++;
    this.observers.notify('imageScored');
    return assembleDecision({ policy, model: this.clip.identity, image, receipts, verdict, frameEmbeddings, matches: allMatches, started, scoringStarted });
  }

  /**
   * Decodes an image (once a decode slot is free) and queues its frames. The image counts as
   * "coming" for the batcher until its frames are queued, so a batch waits for it instead of
   * leaving without it.
   */
  private async prepareAndSubmit(
    bytes: Uint8Array,
    signal: AbortSignal | undefined,
    /** Told the decoded image; false leaves its frames out of inference. */
    needsModel: (image: PreparedImage) => boolean,
  ): Promise<{ image: PreparedImage; receipts: Promise<BatchReceipt<Float32Array>[]> }> {
    this.preparing++;
    let image: PreparedImage;
    try {
      image = await this.decode(bytes, signal);
    } catch (error) {
      this.preparing--;
      this.batcher.poke();
      throw error;
    }
    let receipts: Promise<BatchReceipt<Float32Array>[]> = Promise.resolve([]);
    try {
      if (needsModel(image)) receipts = Promise.all(image.frames.map((frame) => this.batcher.submit(frame, signal)));
    } catch (error) {
      this.preparing--;
      this.batcher.poke();
      throw error;
    }
    this.preparing--;
    this.batcher.poke();
    return { image, receipts };
  }

  private async decode(bytes: Uint8Array, signal: AbortSignal | undefined): Promise<PreparedImage> {
    const release = await this.decodeSlots.acquire(signal);
    try {
      throwIfAborted(signal);
      const started = performance.now();
      const image = await prepareImage(bytes, this.clip.preprocess, this.settings.limits, { pdq: this.settings.pdq });
      this.observers.notify('imageDecoded', performance.now() - started);
      return image;
    } finally {
      release();
    }
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

  /** Unit text embeddings of free text (search queries), left out of the prompt cache so that it does not grow with every query. */
  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    this.assertOpen();
    return this.clip.embedTexts(texts);
  }

  /** Finishes queued work, then frees the model sessions and ends the inference thread. Later calls reject with ENGINE_CLOSED. */
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


import { ModerationEngine } from '../../engine/moderation-engine';
import { Policy } from '../../engine/policy/policy.types';
import { EmbeddingOutcome, embedLabelledImages } from '../embeddings/embed-labelled-images';
import { ImageEmbeddingCache } from '../embeddings/image-embedding-cache';
import { LabelledImageFile, LabelledImageSet } from '../labelled/labelled-example';
import { lintPolicy } from '../lint/lint-policy';
import { CLIP_BIAS_NOTICE } from '../lint/policy-lint-warning';
import { evaluatePolicy } from './evaluate-policy';
import { EvaluationReport } from './evaluation-report';

/** The engine's parts an evaluation of image files uses. */
export type LabelledSetEngine = Pick<ModerationEngine, 'scoreWith' | 'compile' | 'model' | 'limits'>;

/** Options of {@link evaluateLabelledSet}. */
export interface EvaluateLabelledSetOptions {
  /** Where image embeddings are cached (the engine's cache folder); memory only when absent. */
  readonly cacheDir?: string;
  /** Images embedded at once; default 8. */
  readonly concurrency?: number;
  readonly onProgress?: (file: LabelledImageFile, outcome: EmbeddingOutcome) => void;
}

/**
 * Evaluates a policy on a labelled image set end to end: embeds the images (from the cache when
 * it can: keyed by model hash and image sha256), scores them with the engine's compile + decide,
 * computes every metric, and lints the policy with its thresholds checked against the scores seen.
 */
export async function evaluateLabelledSet(engine: LabelledSetEngine, policy: Policy, set: LabelledImageSet, options: EvaluateLabelledSetOptions = {}): Promise<EvaluationReport> {
  const cache = ImageEmbeddingCache.forModel(options.cacheDir, engine.model.hash, engine.limits.maxFrames);
  const embedded = await embedLabelledImages(engine, policy, set.files, { cache, concurrency: options.concurrency, onProgress: options.onProgress });
  const evaluation = await evaluatePolicy(engine, policy, embedded.examples);
  const lint = lintPolicy(policy, { compiled: await engine.compile(policy), evaluation });
  return {
    evaluation,
    set: { kind: set.kind, source: set.source, images: set.files.length, ignored: set.ignored },
    embeddings: { computed: embedded.computed, cached: embedded.cached },
    failures: embedded.failures,
    lint,
    notice: CLIP_BIAS_NOTICE,
  };
}

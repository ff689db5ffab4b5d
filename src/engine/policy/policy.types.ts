import { ModerationAction } from './moderation-action';

/**
 * How a category turns CLIP embeddings into one score:
 * - `cosine`: cosine similarity between the image and its best-matching prompt, in [-1, 1].
 * - `contrast-softmax`: probability, at the policy's logit scale, that the image matches the
 *   category's prompts rather than its benign contrast prompts, in [0, 1].
 */
export type ScoringMethod = 'cosine' | 'contrast-softmax';

/** Every scoring method, in the order the docs list them. */
export const SCORING_METHODS: readonly ScoringMethod[] = Object.freeze(['cosine', 'contrast-softmax'] as const);

/** How bad a hit in a category is; informational (queues, dashboards), it never changes the action. */
export type CategorySeverity = 'low' | 'medium' | 'high' | 'critical';

/** Every severity, least severe first. */
export const CATEGORY_SEVERITIES: readonly CategorySeverity[] = Object.freeze(['low', 'medium', 'high', 'critical'] as const);

/** Scores at or above `block` block; at or above `review` (and below `block`) go to review. */
export interface CategoryThresholds {
  review: number;
  block: number;
}

/** One category of a loaded policy, with every default applied. */
export interface CategoryPolicy {
  /** Lowercase slug, unique within the policy. */
  id: string;
  description: string;
  /** What the category looks for, as written (whitespace tidied); expand with {@link CategoryPolicy.templates}. */
  prompts: readonly string[];
  /** Benign look-alikes the image is compared against under `contrast-softmax`; empty for `cosine`. */
  contrastPrompts: readonly string[];
  /** Sentence templates containing `{}` once, resolved from the category or the policy; may be empty. */
  templates: readonly string[];
  scoring: ScoringMethod;
  thresholds: CategoryThresholds;
  /** Shadow categories are scored and reported but never change the action. */
  shadow: boolean;
  severity: CategorySeverity;
}

/** A validated, normalised policy as the engine uses it. */
export interface Policy {
  /** Lowercase slug, unique among loaded policies. */
  id: string;
  description: string;
  /** `sha256:` + 16 hex digits over the normalised content; see `policyVersion`. */
  version: string;
  /** The action when no (non-shadow) category reaches its review threshold; also the least severe action the policy returns. */
  defaultAction: ModerationAction;
  /** Multiplier applied to cosine similarities before the softmax in `contrast-softmax` scoring. */
  logitScale: number;
  categories: readonly CategoryPolicy[];
  /**
   * The banks (hash or embedding; one namespace) whose matches count for this policy, by name; absent: every enabled bank.
   * An empty list turns bank matching off for the policy.
   */
  banks?: readonly string[];
  /**
   * When a bank the policy uses matches with action `block`, decide without the model: no category
   * is scored and no embedding is kept (so replay, search and embedding banks leave the decision
   * out), for the CPU a vision run costs. Absent: false.
   */
  skipModelOnBankBlock?: boolean;
  /** The file the policy was read from, when it came from a file. Not part of the version. */
  sourceFile?: string;
}

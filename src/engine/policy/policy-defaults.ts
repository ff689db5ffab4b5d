import { ModerationAction } from './moderation-action';
import { CategorySeverity } from './policy.types';

/** Defaults applied while normalising a policy; the README documents the same values. */
export const POLICY_DEFAULTS: Readonly<{
  defaultAction: ModerationAction;
  logitScale: number;
  shadow: boolean;
  severity: CategorySeverity;
}> = Object.freeze({
  defaultAction: 'allow',
  // CLIP learns this temperature during training and it saturates at 100 for the public checkpoints.
  logitScale: 100,
  shadow: false,
  severity: 'medium',
});

/**
 * Ids of policies and categories: lowercase letters and digits in dash-separated words.
 * Ids end up in URLs, metrics labels and logs, so they are kept boring.
 */
export const POLICY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest id accepted, to keep metric labels and log lines sane. */
export const POLICY_ID_MAX_LENGTH = 64;

/** The placeholder a template must contain exactly once. */
export const TEMPLATE_PLACEHOLDER = '{}';

/**
 * Longest prompt or template accepted. CLIP's text encoder reads only 77 tokens and silently
 * drops the rest, so a very long prompt is almost certainly not doing what its author thinks.
 */
export const PROMPT_MAX_LENGTH = 200;

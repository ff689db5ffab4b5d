import { Command } from 'commander';
import { engineOptionsFromEnvironment } from '../config/engine-options-from-environment';
import { Environment } from '../config/environment';
import { ModerationEngineOptions, defaultCacheDir } from '../engine/engine-options';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { isModelDtype } from '../engine/model/model-dtype';
import { Policy } from '../engine/policy/policy.types';

/** The flags every tuning command shares with `moderate score`. */
export interface EngineFlags {
  model?: string;
  dtype?: string;
  policies?: string;
}

/** Adds `--model`, `--dtype` and `--policies`, spelled as `moderate score` spells them. */
export function withEngineFlags(command: Command): Command {
  return command
    .option('-m, --model <ref>', 'model folder or hub id (overrides MODERATION_MODEL)')
    .option('--dtype <dtype>', 'weight variant (overrides MODERATION_MODEL_DTYPE)')
    .option('--policies <dir>', 'policies folder (overrides MODERATION_POLICIES)');
}

/**
 * Engine options from the shared environment with the flags on top, and the cache folder the
 * engine will use (image embeddings are cached beside its prompt embeddings). `policies` replaces
 * the policies folder when a command works on policies it was handed (a candidate file).
 */
export function engineOptionsFromFlags(env: Environment, flags: EngineFlags, policies?: readonly Policy[]): { options: ModerationEngineOptions; cacheDir: string } {
  if (flags.dtype !== undefined && !isModelDtype(flags.dtype)) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, `--dtype ${flags.dtype} is not a known dtype`, { problems: [{ key: 'dtype', reason: 'unknown dtype' }] });
  }
  const options = engineOptionsFromEnvironment(env, {
    model: flags.model,
    dtype: flags.dtype !== undefined && isModelDtype(flags.dtype) ? flags.dtype : undefined,
    policies: policies ?? flags.policies,
  });
  return { options, cacheDir: options.cacheDir ?? defaultCacheDir() };
}

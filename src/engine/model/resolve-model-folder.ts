import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { downloadHubModel } from '../hub/download-hub-model';
import { isHubModelId } from '../hub/hub-model-id';
import { ModelDtype } from './model-dtype';

/** What is needed to turn a model reference into a local folder. */
export interface ResolveModelOptions {
  readonly cacheDir: string;
  readonly dtype: ModelDtype;
  readonly endpoint?: string;
  readonly token?: string;
  readonly revision?: string;
  readonly progress?: boolean;
  readonly logger?: (message: string) => void;
}

/**
 * A local folder is used as it is; anything shaped like a hub id (`owner/name`) that is not a
 * local folder is downloaded into the cache (or found there from an earlier start).
 */
export async function resolveModelFolder(ref: string, options: ResolveModelOptions): Promise<string> {
  const local = await stat(ref).catch(() => undefined);
  if (local?.isDirectory()) return resolve(ref);
  if (local) {
    throw new ModerationError(ModerationErrorCode.ModelNotFound, `Model path ${ref} is a file; give the model's folder.`, { model: ref });
  }
  if (isHubModelId(ref)) {
    return downloadHubModel(ref, {
      cacheDir: options.cacheDir,
      dtype: options.dtype,
      endpoint: options.endpoint,
      token: options.token,
      revision: options.revision,
      progress: options.progress,
      logger: options.logger,
    });
  }
  throw new ModerationError(
    ModerationErrorCode.ModelNotFound,
    `Model "${ref}" is neither a local folder nor a Hugging Face hub id (owner/name).`,
    { model: ref },
  );
}

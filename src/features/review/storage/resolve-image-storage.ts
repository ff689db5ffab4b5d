import { resolve } from 'node:path';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { IMAGE_STORAGE_DEFAULTS, ImageStorageOptions } from './image-storage-options';
import { ImageStore } from './image-store';
import { LocalImageStore } from './local-image-store';
import { reportingUnavailability } from './reporting-unavailability';

/** {@link ImageStorageOptions} with defaults applied and the store built. */
export interface ResolvedImageStorage {
  readonly store: ImageStore;
  readonly retentionDays: number;
  readonly purgeIntervalMs: number;
}

/**
 * The image store and retention in force. `legacyDir` is the module's older `heldUploadsDir`
 * option, still honoured when `images.dir` is not set.
 */
export function resolveImageStorage(options: ImageStorageOptions = {}, legacyDir?: string): ResolvedImageStorage {
  const retentionDays = options.retentionDays ?? IMAGE_STORAGE_DEFAULTS.retentionDays;
  const purgeIntervalMs = options.purgeIntervalMs ?? IMAGE_STORAGE_DEFAULTS.purgeIntervalMs;
  const problems: Array<{ key: string; reason: string }> = [];
  if (!(Number.isInteger(retentionDays) && retentionDays >= 1)) problems.push({ key: 'images.retentionDays', reason: 'must be a whole number of days, at least 1' });
  if (!(Number.isInteger(purgeIntervalMs) && purgeIntervalMs >= 0)) problems.push({ key: 'images.purgeIntervalMs', reason: 'must be a whole number of ms, 0 or more' });
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, `Invalid image storage options: ${problems.map((p) => `${p.key} ${p.reason}`).join('; ')}`, { problems });
  }
  const store = reportingUnavailability(options.store ?? new LocalImageStore(resolve(options.dir ?? legacyDir ?? IMAGE_STORAGE_DEFAULTS.dir)));
  return { store, retentionDays, purgeIntervalMs };
}

import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { ClipPreprocessConfig } from './clip-preprocess-config';

const MAX_EDGE = 4096;

/**
 * Checks a preprocessing config built in code (parsePreprocessorConfig already validates JSON).
 * A bad value would otherwise surface as a sharp argument error blamed on the image.
 */
export function assertValidPreprocessConfig(config: ClipPreprocessConfig): void {
  const problems: { key: string; reason: string }[] = [];
  const edge = (key: string, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_EDGE) {
      problems.push({ key, reason: `must be an integer from 1 to ${MAX_EDGE}` });
    }
  };
  const finite = (key: string, value: unknown, positive: boolean): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (positive && value <= 0)) {
      problems.push({ key, reason: positive ? 'must be a positive number' : 'must be a finite number' });
    }
  };
  if (typeof config !== 'object' || config === null) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Preprocessing config is missing', {
      problems: [{ key: 'config', reason: 'must be an object' }],
    });
  }
  edge('cropSize.height', config.cropSize?.height);
  edge('cropSize.width', config.cropSize?.width);
  edge('shortestEdge', config.shortestEdge);
  if (!['bicubic', 'bilinear', 'nearest'].includes(config.resample)) {
    problems.push({ key: 'resample', reason: 'must be bicubic, bilinear or nearest' });
  }
  finite('rescaleFactor', config.rescaleFactor, true);
  for (const key of ['mean', 'std'] as const) {
    const values: unknown = config[key];
    if (!Array.isArray(values) || values.length !== 3) problems.push({ key, reason: 'must hold three numbers' });
    else values.forEach((value, index) => finite(`${key}[${index}]`, value, key === 'std'));
  }
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'Invalid preprocessing config', { problems });
  }
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyClipModel } from './onnx/tiny-clip-model';
import { COLOUR_POLICY_YAML } from './colour-policy';
import { tempDir } from './temp-dir';

/** A generated tiny model, the colour policy and a cache folder: what every module or HTTP test needs. */
export interface ModerationFixture {
  readonly root: string;
  readonly modelDir: string;
  readonly policiesDir: string;
  readonly cacheDir: string;
}

/** Writes the fixture under test/.tmp. */
export async function createModerationFixture(prefix: string): Promise<ModerationFixture> {
  const root = tempDir(prefix);
  const modelDir = join(root, 'model');
  const policiesDir = join(root, 'policies');
  await writeTinyClipModel(modelDir, { layout: 'huggingface' });
  mkdirSync(policiesDir);
  writeFileSync(join(policiesDir, 'colours.yaml'), COLOUR_POLICY_YAML);
  return { root, modelDir, policiesDir, cacheDir: join(root, 'cache') };
}

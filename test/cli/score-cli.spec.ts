import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { BLUE, RED, solidImage } from '../support/colour-images';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { tempDir } from '../support/temp-dir';
import { runModerate as moderate } from '../support/run-moderate';

describe('moderate score', () => {
  const root = tempDir('cli');
  const model = join(root, 'model');
  const policies = join(root, 'policies');
  const env = { MODERATION_MODEL: model, MODERATION_POLICIES: policies, MODERATION_CACHE_DIR: join(root, 'cache') };
  let red: string;
  let blue: string;
  let broken: string;

  beforeAll(async () => {
    await writeTinyClipModel(model, { layout: 'huggingface' });
    mkdirSync(policies);
    writeFileSync(join(policies, 'colours.yaml'), COLOUR_POLICY_YAML);
    red = join(root, 'red.png');
    blue = join(root, 'blue.jpg');
    broken = join(root, 'notes.jpg');
    writeFileSync(red, await solidImage(RED));
    writeFileSync(blue, await solidImage(BLUE, 'jpeg'));
    writeFileSync(broken, 'just text');
  });

  it('prints one JSON document with a decision per file', async () => {
    const result = await moderate(['score', red, blue, '--policy', 'colours', '--json'], env);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { model: { hash: string }; results: Array<{ file: string; action: string; embedding?: unknown; pdq?: unknown }> };
    expect(output.model.hash).toMatch(/^sha256:/);
    expect(output.results.map((entry) => [entry.file, entry.action])).toEqual([
      [red, 'block'],
      [blue, 'review'],
    ]);
    expect(output.results[0]!.embedding).toBeUndefined();
    // The PDQ hash of each picture (a solid colour has no detail: quality 0).
    expect(output.results.map((entry) => entry.pdq)).toEqual([
      { hash: expect.stringMatching(/^[0-9a-f]{64}$/), quality: 0 },
      { hash: expect.stringMatching(/^[0-9a-f]{64}$/), quality: 0 },
    ]);
  });

  it('prints a line per file for people, and fails when a file cannot be scored', async () => {
    const result = await moderate(['score', red, broken, '--policy', 'colours'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^BLOCK\\s+${escape(red)}\\s+\\[red block`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^ERROR\\s+${escape(broken)}\\s+\\[IMAGE_UNSUPPORTED_FORMAT`, 'm'));
  });

  it('lets --model override MODERATION_MODEL', async () => {
    const result = await moderate(['score', red, '--policy', 'colours', '--json', '--model', model], { ...env, MODERATION_MODEL: join(root, 'nowhere') });
    expect(result.code).toBe(0);
  });

  it('refuses bad configuration with every bad key in one message', async () => {
    const result = await moderate(['score', red], { ...env, MODERATION_MAX_FRAMES: 'lots', MODERATION_MODEL_DTYPE: 'fp64', MODERATION_BATCH_SIZE: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CONFIG_INVALID');
    for (const key of ['MODERATION_MAX_FRAMES', 'MODERATION_MODEL_DTYPE', 'MODERATION_BATCH_SIZE']) expect(result.stderr).toContain(key);
  });

  it('names an unknown policy', async () => {
    const result = await moderate(['score', red, '--policy', 'nope'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('POLICY_NOT_FOUND');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
